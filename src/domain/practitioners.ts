// Practitioners, teams, their time away and who is allocated to whom; and the check behind a request for a named worker or team (T1, T2).
import { z } from 'zod';
import { line } from './text';
import { emailAddressSchema, phoneNumberSchema } from './contact-details';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

/** What a team does for the people it is responsible for; T1 asks about assessment and review. */
export const TEAM_RESPONSIBILITIES = ['assessment', 'review', 'reassessment', 'safeguarding', 'information-and-advice'] as const;

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'is lower-case words joined by hyphens, e.g. learning-disability');
export const teamIdSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'is not a team id (lower-case words joined by hyphens)');
// A practitioner's id is their sign-in user id, so their inbox and their directory entry are the same person.
export const practitionerIdSchema = z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, 'is not a sign-in user id, e.g. pat.practitioner');
const phone = phoneNumberSchema;
/** A set of tags, each once, in the order first given. */
const tags = (max: number) => z.array(slug).max(max).default([]).transform((a) => [...new Set(a)]);

export const teamSchema = z.object({
  id: teamIdSchema,
  name: line(200),
  responsibilities: z.array(z.enum(TEAM_RESPONSIBILITIES)).max(TEAM_RESPONSIBILITIES.length).default([]).transform((a) => [...new Set(a)]),
  /** The people the team specialises in, e.g. learning-disability, mental-health (F4). */
  specialisms: tags(20),
  phone,
  email: emailAddressSchema.nullable().default(null),
});
export type Team = z.output<typeof teamSchema>;
/** A team as PUT replaces it: the id comes from the address. */
export const teamUpdateSchema = teamSchema.omit({ id: true });

export const practitionerSchema = z.object({
  id: practitionerIdSchema,
  name: line(200),
  /** e.g. Social worker, Occupational therapist, Team manager (C5: every response names the role). */
  role: line(100),
  phone,
  email: emailAddressSchema,
  team: teamIdSchema,
  /** e.g. autism, dementia, moving-and-handling (A5: skills for the function and for the person). */
  skills: tags(30),
});
export type Practitioner = z.output<typeof practitionerSchema>;
export const practitionerUpdateSchema = practitionerSchema.omit({ id: true });

/** How the person is told to reach a practitioner (C5): no calendar, no skills. */
export type PractitionerContact = Pick<Practitioner, 'id' | 'name' | 'role' | 'phone' | 'email' | 'team'>;
export type TeamContact = Pick<Team, 'id' | 'name' | 'phone' | 'email'>;

const instant = z
  .string()
  .datetime({ offset: true, message: 'must be a date and time with its offset, e.g. 2026-12-01T09:00:00Z' })
  .transform((s) => new Date(s));

export const newAbsenceSchema = z
  .object({
    from: instant,
    /** Null (or left out) when the return is not known (T4). */
    until: instant.nullable().default(null),
    reason: line(200).optional(),
  })
  .refine((a) => a.until === null || a.until > a.from, { message: 'must be after from', path: ['until'] });
export type NewAbsence = z.output<typeof newAbsenceSchema>;
export interface Absence extends NewAbsence {
  id: string;
  practitionerId: string;
}

/** Who is responsible for a person known to the council: their allocated worker, and the teams for their assessment and review. */
export const allocationSchema = z.object({
  allocatedWorker: practitionerIdSchema.nullable().default(null),
  assessmentTeam: teamIdSchema.nullable().default(null),
  reviewTeam: teamIdSchema.nullable().default(null),
});
export type AllocationUpdate = z.output<typeof allocationSchema>;
export interface Allocation extends AllocationUpdate {
  nhsNumber: string;
  updatedAt: Date;
}

/** The store, as the use cases need it. */
export interface PractitionerLookup {
  findAllocation(nhsNumber: string): Promise<Allocation | undefined>;
  findPractitioner(id: string): Promise<Practitioner | undefined>;
  findTeam(id: string): Promise<Team | undefined>;
  /** Practitioners and teams whose id or name is this text, ignoring case. */
  match(text: string): Promise<{ practitioners: Practitioner[]; teams: Team[] }>;
  teamMembers(teamId: string): Promise<Practitioner[]>;
  /** Absences of these practitioners that have not ended by `at`. */
  absencesOf(practitionerIds: string[], at: Date): Promise<Absence[]>;
}

export interface Availability {
  available: boolean;
  /** Only meaningful when not available: whether the calendars say when they are back (T3) or not (T4). */
  returnKnown: boolean;
  returnsAt?: Date;
}

/**
 * Whether someone is available at `at`, and if not, when they are back: the end of the run of absences covering `at`
 * (leave that runs straight into a training course returns at the end of the course). An open-ended absence in the run
 * means the return is not known.
 */
export function availabilityAt(absences: Pick<Absence, 'from' | 'until'>[], at: Date): Availability {
  const covers = (a: Pick<Absence, 'from' | 'until'>, t: Date) => a.from <= t && (a.until === null || a.until > t);
  let t = at;
  let away = false;
  for (;;) {
    const covering = absences.filter((a) => covers(a, t));
    if (covering.length === 0) break;
    away = true;
    if (covering.some((a) => a.until === null)) return { available: false, returnKnown: false };
    t = new Date(Math.max(...covering.map((a) => (a.until as Date).getTime())));
  }
  return away ? { available: false, returnKnown: true, returnsAt: t } : { available: true, returnKnown: false };
}

export interface NamedWorkerQuery {
  /** The person's NHS number, when the contact gave one; without it the person cannot be found (not known). */
  nhsNumber?: string;
  /** The worker or team asked for, in the contact's words or as an id; absent or blank when nobody was named. */
  asked?: string;
  /** The engine's "now": availability is judged at the time the engine keeps. */
  at: Date;
}

export interface NamedWorkerCheck {
  knownToCouncil: boolean;
  hasAllocatedWorker: boolean;
  allocatedWorker?: PractitionerContact;
  /** The teams recorded as responsible for the person's assessment and review. */
  responsibleTeams: { assessment?: TeamContact; review?: TeamContact };
  /** What the words asked for name: a practitioner, a team, or nobody. Words naming neither count as a worker, unless they say "team". */
  askedFor: 'worker' | 'team' | 'nothing';
  /** The practitioner or team the words matched, if any. */
  askedMatch?: { kind: 'worker' | 'team'; id: string; name: string };
  /** T1, T2: the worker asked for is the person's allocated worker. */
  askedWorkerVerified: boolean;
  /** T1: the team asked for is responsible for the person's assessment or review. */
  askedTeamVerified: boolean;
  /** The allocated worker is not away at `at`; false when there is none. */
  workerAvailable: boolean;
  /** Only meaningful when the allocated worker is away: whether their calendar says when they are back. */
  returnKnown: boolean;
  returnsAt?: Date;
  /** Someone else in the allocated worker's team is available at `at`. */
  colleagueAvailable: boolean;
  colleague?: PractitionerContact;
}

const contactOf = (p: Practitioner): PractitionerContact => ({ id: p.id, name: p.name, role: p.role, phone: p.phone, email: p.email, team: p.team });
const teamContactOf = (t: Team): TeamContact => ({ id: t.id, name: t.name, phone: t.phone, email: t.email });

/** Words in a contact, compared the way an advisor would: trimmed, spaces collapsed. */
export function normaliseAsked(asked: string | undefined): string | undefined {
  const words = asked?.trim().replace(/\s+/g, ' ');
  return words ? words : undefined;
}

/**
 * T1, T2: is the worker or team asked for the person's allocated worker or responsible team; is the allocated worker
 * available now, and if not, when are they back and is a colleague in their team free. The caller decides what to do
 * (the transfer-or-manage decision table): this never suggests transferring to a worker who is not allocated.
 */
export async function checkNamedWorker(deps: { practitioners: PractitionerLookup }, query: NamedWorkerQuery): Promise<NamedWorkerCheck> {
  const { practitioners: store } = deps;
  const asked = normaliseAsked(query.asked);
  const nhsNumber = query.nhsNumber !== undefined && isValidNhsNumber(query.nhsNumber) ? normaliseNhsNumber(query.nhsNumber) : undefined;

  const matched = asked ? await store.match(asked) : { practitioners: [], teams: [] };
  // A name shared by a practitioner and a team is taken as the practitioner: people ask for people.
  const askedFor: NamedWorkerCheck['askedFor'] = !asked
    ? 'nothing'
    : matched.practitioners.length > 0
      ? 'worker'
      : matched.teams.length > 0 || /\bteam\b/i.test(asked)
        ? 'team'
        : 'worker';

  const allocation = nhsNumber ? await store.findAllocation(nhsNumber) : undefined;
  const worker = allocation?.allocatedWorker ? await store.findPractitioner(allocation.allocatedWorker) : undefined;
  const assessmentTeam = allocation?.assessmentTeam ? await store.findTeam(allocation.assessmentTeam) : undefined;
  const reviewTeam = allocation?.reviewTeam ? await store.findTeam(allocation.reviewTeam) : undefined;

  // Several practitioners may share a name: the request is verified when one of them is the allocated worker.
  const askedWorker = worker && matched.practitioners.find((p) => p.id === worker.id);
  const responsibleIds = [assessmentTeam?.id, reviewTeam?.id].filter((id): id is string => id !== undefined);
  const askedTeam = matched.teams.find((t) => responsibleIds.includes(t.id));
  const firstMatch = askedWorker ?? matched.practitioners[0];
  const firstTeam = askedTeam ?? matched.teams[0];
  const askedMatch: NamedWorkerCheck['askedMatch'] =
    askedFor === 'worker' && firstMatch
      ? { kind: 'worker', id: firstMatch.id, name: firstMatch.name }
      : askedFor === 'team' && firstTeam
        ? { kind: 'team', id: firstTeam.id, name: firstTeam.name }
        : undefined;

  const check: NamedWorkerCheck = {
    knownToCouncil: allocation !== undefined,
    hasAllocatedWorker: worker !== undefined,
    ...(worker ? { allocatedWorker: contactOf(worker) } : {}),
    responsibleTeams: {
      ...(assessmentTeam ? { assessment: teamContactOf(assessmentTeam) } : {}),
      ...(reviewTeam ? { review: teamContactOf(reviewTeam) } : {}),
    },
    askedFor,
    ...(askedMatch ? { askedMatch } : {}),
    askedWorkerVerified: askedFor === 'worker' && askedWorker !== undefined,
    askedTeamVerified: askedFor === 'team' && askedTeam !== undefined,
    workerAvailable: false,
    returnKnown: false,
    colleagueAvailable: false,
  };
  if (!worker) return check;

  const colleagues = (await store.teamMembers(worker.team)).filter((p) => p.id !== worker.id);
  const absences = await store.absencesOf([worker.id, ...colleagues.map((c) => c.id)], query.at);
  const availability = (id: string) => availabilityAt(absences.filter((a) => a.practitionerId === id), query.at);
  const own = availability(worker.id);
  // A colleague in the same role is the likelier to be able to manage the contact, so they are offered first.
  const free = colleagues.filter((c) => availability(c.id).available).sort((a, b) => Number(b.role === worker.role) - Number(a.role === worker.role));
  return {
    ...check,
    workerAvailable: own.available,
    returnKnown: own.returnKnown,
    ...(own.returnsAt ? { returnsAt: own.returnsAt } : {}),
    colleagueAvailable: free.length > 0,
    ...(free[0] ? { colleague: contactOf(free[0]) } : {}),
  };
}

/** What is wrong with an allocation before it is recorded: an unknown worker or team, or a team that does not do that work. */
export async function allocationProblems(deps: { practitioners: PractitionerLookup }, a: AllocationUpdate): Promise<{ field: keyof AllocationUpdate; detail: string }[]> {
  const problems: { field: keyof AllocationUpdate; detail: string }[] = [];
  if (a.allocatedWorker !== null && !(await deps.practitioners.findPractitioner(a.allocatedWorker))) {
    problems.push({ field: 'allocatedWorker', detail: `is not a practitioner in the directory` });
  }
  const teams: [keyof AllocationUpdate, string | null, Team['responsibilities'][number]][] = [
    ['assessmentTeam', a.assessmentTeam, 'assessment'],
    ['reviewTeam', a.reviewTeam, 'review'],
  ];
  for (const [field, id, work] of teams) {
    if (id === null) continue;
    const team = await deps.practitioners.findTeam(id);
    if (!team) problems.push({ field, detail: 'is not a team in the directory' });
    else if (!team.responsibilities.includes(work)) problems.push({ field, detail: `is a team that does not carry out ${work}s` });
  }
  return problems;
}
