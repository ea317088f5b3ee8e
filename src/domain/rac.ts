// The weekly RAC meeting (A1–A7): when it sits, its agenda in priority order with suggested workers (A5), and what it decides.
import { Cron } from 'croner';
import { z } from 'zod';
import { block } from './text';
import { accessibilityOf, FINANCIAL_INFORMATION, LONDON_DAY, personRecipient, writtenMethod, type CommunicationDeps } from './communications';
import { contactOrThrow, reach } from './contacts';
import { messagePractitioner, sendToPerson } from './messages';
import { availabilityAt, practitionerIdSchema, type AllocationUpdate, type PractitionerLookup } from './practitioners';
import { LONDON_ZONE } from './london-calendar';
import type { Referral, ReferralRepository } from './referral';
import { ReferralNotFound } from './referrals';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The meeting's time is a cron cycle in London time (seconds minutes hour day month weekday, e.g. "0 0 10 * * TUE").
 * The engine keeps London time (its JVM's zone), so the cycle goes into the meeting's timer as it is and fires at the
 * meeting's time in winter and in summer.
 */
export const DEFAULT_MEETING = '0 0 10 * * TUE';

const CRON_FIELD = /^[\dA-Za-z*?,/#-]+$/;

export function meetingSchedule(localCron: string) {
  const fields = localCron.trim().split(/\s+/);
  const [second = NaN, minute = NaN, hour = NaN] = fields.map((f) => (/^\d{1,2}$/.test(f) ? Number(f) : NaN));
  // One time of day, on whichever days: a meeting, not a series of them.
  if (fields.length !== 6 || !(second <= 59 && minute <= 59 && hour <= 23) || !fields.slice(3).every((f) => CRON_FIELD.test(f))) {
    throw new Error(`"${localCron}" is not a meeting time: give "seconds minutes hour day month weekday" with one time of day, e.g. "0 0 10 * * TUE"`);
  }
  return { cycle: fields.join(' ') };
}

/** When a meeting sat against when it was due. */
export interface MeetingTimes {
  /** The meeting time it sat for: the latest on the schedule at or before it opened. */
  dueAt: Date;
  /** It opened LATE_AFTER_MINUTES or more after `dueAt`. */
  late: boolean;
  /** Earlier meeting times, since the previous meeting's, at which no meeting sat: this meeting took their business. */
  missed: Date[];
}

export interface RacMeeting extends MeetingTimes {
  id: string;
  /** The engine's time as the meeting's timer fired. */
  openedAt: Date;
  waitingAtOpening: number;
  closedAt: Date | null;
}

/**
 * A meeting opening this many minutes after its time opened late: the engine fires a due timer within seconds, so
 * minutes mean it was down or stopped at the meeting's time, which the panel and team managers should know.
 */
export const LATE_AFTER_MINUTES = 5;

/**
 * A1 and seed 001 §2 ("allocation should take place in a timely way"): when a meeting opening at `openedAt` was due on
 * `cycle` (the meeting's cron cycle, London time), whether it is late, and which meeting times since the previous
 * meeting's (`previousDueAt`) passed without a meeting: at most a year's. The engine fires a timer that fell due while
 * it was down once, when it runs again, however many meeting times it missed; that one meeting sits at once and takes
 * everyone then waiting, rather than the week's allocations waiting for the next meeting time.
 */
export function meetingTimes(cycle: string, openedAt: Date, previousDueAt?: Date): MeetingTimes {
  const schedule = new Cron(cycle, { timezone: LONDON_ZONE, domAndDow: true });
  // previousRuns leaves out the instant it counts back from; a timer firing on the second is due then.
  const [dueAt = openedAt] = schedule.previousRuns(1, new Date(openedAt.getTime() + 1));
  const missed = previousDueAt ? schedule.nextRuns(53, previousDueAt).filter((t) => t < dueAt) : [];
  return { dueAt, late: openedAt.getTime() - dueAt.getTime() >= LATE_AFTER_MINUTES * 60_000, missed };
}

export const CLOSE_REASONS = ['needs-met-elsewhere', 'no-longer-wants-assessment', 'moved-away', 'died', 'duplicate-referral'] as const;

const uuid = z.string().uuid('is not a referral id');
const note = block(2000).optional();
/** One decision of the panel for one referral: allocate to a worker (their team follows), defer to a later meeting, or close. */
export const racDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ referralId: uuid, decision: z.literal('allocate'), worker: practitionerIdSchema, note }).strict(),
  // A deferral leaves the person waiting another week: the panel says why, for whoever checks on them meanwhile (A3, A4).
  z.object({ referralId: uuid, decision: z.literal('defer'), note: block(2000) }).strict(),
  z.object({ referralId: uuid, decision: z.literal('close'), reason: z.enum(CLOSE_REASONS), note }).strict(),
]);
export type RacDecision = z.infer<typeof racDecisionSchema>;

export interface RecordedRacDecision {
  meetingId: string;
  referralId: string;
  decision: RacDecision['decision'];
  team: string | null;
  worker: string | null;
  reason: string | null;
  followedSuggestion: boolean | null;
  decidedBy: string;
  decidedAt: Date;
}

export interface RacStore {
  /** Records the meeting once, however often its job runs; counts who is waiting as it opens. */
  openMeeting(id: string, openedAt: Date, times: MeetingTimes): Promise<RacMeeting>;
  /** The meeting that opened last before `at`, if any. */
  meetingBefore(at: Date): Promise<RacMeeting | undefined>;
  closeMeeting(id: string): Promise<RacMeeting | undefined>;
  findMeeting(id: string): Promise<RacMeeting | undefined>;
  meetings(limit: number): Promise<RacMeeting[]>;
  /** Open allocations per worker (A5: current caseload). */
  caseloads(workerIds: string[]): Promise<Map<string, number>>;
  /**
   * Records the decision and moves the referral on in one step, only while it waits: 'recorded', 'already' when this
   * meeting made the same decision before, 'conflict' when it made another, 'not-waiting' when the referral is not waiting.
   */
  recordDecision(d: Omit<RecordedRacDecision, 'decidedAt'> & { note?: string }): Promise<'recorded' | 'already' | 'conflict' | 'not-waiting'>;
  decisionsOf(meetingId: string): Promise<RecordedRacDecision[]>;
}

/** Publishes the meeting's decision to the referral's journey (message correlation on the referral id). */
export interface RacEngine {
  decisionMade(d: Pick<RecordedRacDecision, 'meetingId' | 'referralId' | 'decision' | 'team' | 'worker' | 'reason'>): Promise<void>;
}

export interface RacDeps {
  referrals: ReferralRepository;
  rac: RacStore;
  practitioners: Pick<PractitionerLookup, 'findPractitioner' | 'teamMembers' | 'absencesOf'>;
  racEngine: RacEngine;
}

export class RacProblem extends Error {
  constructor(readonly status: 404 | 409 | 400, readonly title: string, detail: string, readonly pointer?: string) {
    super(detail);
    this.name = 'RacProblem';
  }
}

/** A worker the panel could allocate, and why they rank where they do (A5). */
export interface Suggestion {
  worker: string;
  name: string;
  role: string;
  team: string;
  available: boolean;
  caseload: number;
  /** Skills the person's needs call for that the worker has. */
  skillsMatched: string[];
  /** The person asked for this worker. */
  personsWish: boolean;
}

/** The skills a person's needs call for, beyond the function (assessment) itself. */
export function skillsNeeded(facts: Referral['facts']): string[] {
  const needs = [...facts.skillsNeeded];
  if (facts.learningDisability) needs.push('learning-disability');
  if (facts.mentalHealth) needs.push('mental-health');
  if (facts.carerShowingNeeds) needs.push('carers');
  return [...new Set(needs)];
}

type Candidate = { id: string; name: string; role: string; team: string; skills: string[] };

/**
 * A5, seed 001 §2: the worker's skills for the function (assessment), for the person's particular needs, and the
 * person's own views; then who is available and has the lightest caseload. Only workers with the skill for the
 * function are suggested; the panel may allocate anyone.
 */
export function rankWorkers(
  r: Pick<Referral, 'facts'>, candidates: Candidate[], caseloads: Map<string, number>, away: Set<string>,
): Suggestion[] {
  const needs = skillsNeeded(r.facts);
  return candidates
    .filter((c) => c.skills.includes('assessment'))
    .map((c) => ({
      worker: c.id, name: c.name, role: c.role, team: c.team, available: !away.has(c.id), caseload: caseloads.get(c.id) ?? 0,
      skillsMatched: needs.filter((n) => c.skills.includes(n)), personsWish: r.facts.preferredWorker === c.id,
    }))
    .sort((a, b) =>
      Number(b.personsWish) - Number(a.personsWish)
      || b.skillsMatched.length - a.skillsMatched.length
      || Number(b.available) - Number(a.available)
      || a.caseload - b.caseload
      || a.name.localeCompare(b.name));
}

export interface WaitingItem {
  referralId: string;
  contactId: string;
  team: string | null;
  band: string | null;
  score: number | null;
  daysWaiting: number;
  lastPrioritisedAt: Date | null;
  lastRecheckedAt: Date | null;
}

export interface AgendaItem extends WaitingItem {
  suggestions: Suggestion[];
}

const waitingItem = (r: Referral, now: Date): WaitingItem => ({
  referralId: r.id, contactId: r.contactId, team: r.team, band: r.priority?.band ?? null, score: r.priority?.score ?? null,
  daysWaiting: Math.floor((now.getTime() - r.createdAt.getTime()) / DAY), lastPrioritisedAt: r.priority?.at ?? null, lastRecheckedAt: r.recheckedAt,
});

/** A2, A3: the waiting referrals, highest priority first, with how long each has waited and when it was last checked on. */
export async function waitingList(deps: Pick<RacDeps, 'referrals'>, page: { limit: number; offset: number }, now: Date): Promise<{ total: number; items: WaitingItem[] }> {
  const { referrals, total } = await deps.referrals.waitingList(page);
  return { total, items: referrals.map((r) => waitingItem(r, now)) };
}

/** A5: for each referral, the workers of its team (and the one the person asked for) in the order the panel should consider them. */
async function suggestionsFor(deps: Omit<RacDeps, 'racEngine'>, referrals: Referral[], now: Date): Promise<Map<string, Suggestion[]>> {
  const teams = new Map<string, Candidate[]>();
  for (const team of new Set(referrals.map((r) => r.team).filter((t): t is string => t !== null))) {
    teams.set(team, await deps.practitioners.teamMembers(team));
  }
  // The person's wish counts even when the worker they asked for is in another team.
  const wished = new Map<string, Candidate>();
  for (const id of new Set(referrals.map((r) => r.facts.preferredWorker).filter((w): w is string => w !== null))) {
    const p = await deps.practitioners.findPractitioner(id);
    if (p) wished.set(id, p);
  }
  const ids = [...new Set([...[...teams.values()].flat(), ...wished.values()].map((c) => c.id))];
  const caseloads = await deps.rac.caseloads(ids);
  const absences = await deps.practitioners.absencesOf(ids, now);
  const away = new Set(ids.filter((id) => !availabilityAt(absences.filter((a) => a.practitionerId === id), now).available));
  return new Map(referrals.map((r) => {
    const candidates = [...(r.team ? teams.get(r.team) ?? [] : [])];
    const wish = r.facts.preferredWorker ? wished.get(r.facts.preferredWorker) : undefined;
    if (wish && !candidates.some((c) => c.id === wish.id)) candidates.push(wish);
    return [r.id, rankWorkers(r, candidates, caseloads, away)];
  }));
}

/** A2, A5: the waiting referrals, highest priority first, each with the three workers best placed to take it. */
export async function agenda(deps: Omit<RacDeps, 'racEngine'>, page: { limit: number; offset: number }, now: Date): Promise<{ total: number; items: AgendaItem[] }> {
  const { referrals, total } = await deps.referrals.waitingList(page);
  const suggestions = await suggestionsFor(deps, referrals, now);
  return { total, items: referrals.map((r) => ({ ...waitingItem(r, now), suggestions: (suggestions.get(r.id) ?? []).slice(0, 3) })) };
}

/** The meeting sitting now, if one is: the latest, while it is not closed. */
export async function sittingMeeting(deps: Pick<RacDeps, 'rac'>): Promise<RacMeeting | null> {
  const [latest] = await deps.rac.meetings(1);
  return latest && !latest.closedAt ? latest : null;
}

/** A1, A2, A5: the agenda as the panel works from it: the meeting sitting now (or null between meetings) and the waiting referrals in priority order. */
export async function meetingAgenda(deps: Omit<RacDeps, 'racEngine'>, page: { limit: number; offset: number }, now: Date) {
  const meeting = await sittingMeeting(deps);
  return { meeting, ...(await agenda(deps, page, now)) };
}

/** A1: one meeting and what it decided; a RacProblem (404) when there is no such meeting. */
export async function meetingRecord(deps: Pick<RacDeps, 'rac'>, meetingId: string): Promise<RacMeeting & { decisions: RecordedRacDecision[] }> {
  const meeting = await deps.rac.findMeeting(meetingId);
  if (!meeting) throw new RacProblem(404, 'No such meeting', `There is no RAC meeting ${meetingId}.`);
  return { ...meeting, decisions: await deps.rac.decisionsOf(meetingId) };
}

/**
 * A1, A5: the panel's decision on one referral at an open meeting, recorded once, then handed to the referral's journey.
 * Allocation is to a worker, whose team takes the assessment; the suggestion is a suggestion, and whether it was
 * followed is kept. Asking again with the same decision hands it on again (a lost answer is retried safely).
 */
export async function decide(deps: RacDeps, meetingId: string, d: RacDecision, decidedBy: string): Promise<RecordedRacDecision> {
  const meeting = await deps.rac.findMeeting(meetingId);
  if (!meeting) throw new RacProblem(404, 'No such meeting', `There is no RAC meeting ${meetingId}.`);
  if (meeting.closedAt) throw new RacProblem(409, 'The meeting has closed', `RAC meeting ${meetingId} closed at ${meeting.closedAt.toISOString()}; decide at the next meeting.`);
  const referral = await deps.referrals.find(d.referralId);
  if (!referral) throw new RacProblem(404, 'No such referral', `There is no referral ${d.referralId}.`, '#/referralId');
  let team: string | null = null;
  let followedSuggestion: boolean | null = null;
  if (d.decision === 'allocate') {
    const worker = await deps.practitioners.findPractitioner(d.worker);
    if (!worker) throw new RacProblem(400, 'The request has invalid fields', `${d.worker} is not in the practitioner directory.`, '#/worker');
    team = worker.team;
    // The suggestion as the agenda shows it now: calendars are judged on the wall clock.
    const top = (await suggestionsFor(deps, [referral], new Date())).get(referral.id)?.[0];
    followedSuggestion = top?.worker === d.worker;
  }
  const reason = d.decision === 'close' ? d.reason : null;
  const worker = d.decision === 'allocate' ? d.worker : null;
  const outcome = await deps.rac.recordDecision({ meetingId, referralId: d.referralId, decision: d.decision, team, worker, reason, followedSuggestion, decidedBy, note: d.note });
  if (outcome === 'not-waiting') throw new RacProblem(409, 'The referral is not waiting for allocation', `Referral ${d.referralId} is ${referral.status}; only a referral waiting for allocation can be decided.`);
  if (outcome === 'conflict') throw new RacProblem(409, 'The meeting already decided this referral', `RAC meeting ${meetingId} already made another decision on referral ${d.referralId}.`);
  await deps.racEngine.decisionMade({ meetingId, referralId: d.referralId, decision: d.decision, team, worker, reason });
  const recorded = (await deps.rac.decisionsOf(meetingId)).find((x) => x.referralId === d.referralId);
  if (!recorded) throw new Error(`The decision on ${d.referralId} at meeting ${meetingId} was not recorded`);
  return recorded;
}

/**
 * A1: the meeting's timer fired at `at` (engine time): opens the meeting (once, however often its job runs) and says how
 * many referrals wait and whether it opened late. A timer that fired late, say after the engine was down at the
 * meeting's time, opens the meeting then, recorded with the time it was due and any meeting times missed before it
 * (see meetingTimes); `cycle` is the meeting's schedule (RAC_MEETING_CRON).
 */
export async function openMeeting(deps: Pick<RacDeps, 'rac'> & { cycle: string }, meetingId: string, at: Date) {
  const previous = await deps.rac.meetingBefore(at);
  const meeting = await deps.rac.openMeeting(meetingId, at, meetingTimes(deps.cycle, at, previous?.dueAt));
  return { waiting: meeting.waitingAtOpening, late: meeting.late };
}

/** The panel has finished: no more decisions at this meeting; whoever was not decided waits for the next. */
export async function closeMeeting(deps: Pick<RacDeps, 'rac'>, meetingId: string) {
  const meeting = await deps.rac.closeMeeting(meetingId);
  if (!meeting) throw new Error(`No RAC meeting ${meetingId} to close`);
  const decisions = await deps.rac.decisionsOf(meetingId);
  const count = (k: RacDecision['decision']) => decisions.filter((d) => d.decision === k).length;
  return { allocated: count('allocate'), deferred: count('defer'), closed: count('close'), undecided: meeting.waitingAtOpening - decisions.length };
}

export interface AllocationDeps extends Pick<CommunicationDeps, 'contacts' | 'messages'> {
  referrals: ReferralRepository;
  practitioners: Pick<PractitionerLookup, 'findPractitioner' | 'findAllocation'> & { setAllocation(nhsNumber: string, a: AllocationUpdate): Promise<unknown> };
}

async function referralOrThrow(deps: Pick<AllocationDeps, 'referrals'>, referralId: string) {
  const r = await deps.referrals.find(referralId);
  if (!r) throw new ReferralNotFound(referralId);
  return r;
}

/**
 * A6, C12: the worker the meeting chose hears of it; the person's record names them, so later contacts reach them (T1);
 * the person is told, in writing in their own format, who will lead their assessment, signed by that worker (C5),
 * with the financial information an assessment calls for (F6). Whether the person was told in writing is returned:
 * someone who asked for the phone is rung by the worker instead.
 */
export async function tellAllocation(deps: AllocationDeps, referralId: string): Promise<{ personTold: boolean }> {
  const r = await referralOrThrow(deps, referralId);
  if (r.status !== 'allocated' || !r.allocatedWorker) throw new Error(`Referral ${referralId} is ${r.status}: only an allocation by the RAC meeting is told`);
  const c = await contactOrThrow(deps.contacts, r.contactId);
  const worker = await deps.practitioners.findPractitioner(r.allocatedWorker);
  if (!worker) throw new Error(`${r.allocatedWorker} is not in the practitioner directory`);
  await messagePractitioner(deps.messages, {
    key: `${referralId}:allocated:${worker.id}`,
    caseId: c.id,
    to: { practitionerId: worker.id, email: worker.email },
    subject: 'The RAC meeting has allocated you an assessment',
    body: [
      `The RAC meeting has allocated you a Care Act assessment, to lead as the person's care coordinator.`,
      `The referral, with what has been gathered so far: /api/referrals/${referralId}. The first contact: /api/contacts/${c.id}.`,
      `The person is being told your name and how to reach you.`,
    ].join('\n'),
  });
  if (c.person.nhsNumber) {
    const was = await deps.practitioners.findAllocation(c.person.nhsNumber);
    await deps.practitioners.setAllocation(c.person.nhsNumber, { allocatedWorker: worker.id, assessmentTeam: worker.team, reviewTeam: was?.reviewTeam ?? null });
  }
  const method = writtenMethod(c.person.preferredContactMethod);
  let personTold = false;
  if (method) {
    const sent = await sendToPerson(deps.messages, {
      key: `${referralId}:coordinator`,
      caseId: c.id,
      template: 'assessment-coordinator',
      method,
      to: personRecipient(c),
      personalisation: {
        name: c.person.name, coordinator: worker.name, role: worker.role, phone: worker.phone,
        nextStep: `${worker.name} will contact you to arrange your assessment.`, financialInformation: FINANCIAL_INFORMATION,
      },
      signedBy: { name: worker.name, role: worker.role, phone: worker.phone },
      accessibility: accessibilityOf(c),
    });
    personTold = sent.status === 'sent';
  }
  await reach(deps.contacts, c.id, 'allocated-for-assessment', { referralId, to: worker.name, worker: worker.id, personTold });
  return { personTold };
}

/** A completed task's record in the case store: who completed it and what they recorded. */
export interface TaskRecord {
  completedBy: string;
  data: Record<string, unknown>;
}

/** Seed 003: how to complain is part of every funding decision's outcome. */
export const HOW_TO_COMPLAIN = 'If you are unhappy with this decision or how it was made, you can ask us to look at it again, or complain to the council by phone or in writing; we will tell you how we will deal with it.';

/**
 * A7: the funding decision for urgent or interim support goes to the person in writing, in their method and format:
 * the decision, its rationale, information and advice, what happens next and when, and how to complain. Someone who
 * was told by phone, or who asked for the phone, gets it as a follow-up letter, the formal record of the call. Says
 * whether it went as it is.
 */
export async function sendFundingDecision(
  deps: Pick<CommunicationDeps, 'contacts' | 'messages' | 'practitioners'> & {
    referrals: ReferralRepository;
    completions: { latestCompletion(caseId: string, formId: string): Promise<TaskRecord | undefined> };
  },
  referralId: string,
): Promise<{ fundingDecisionSent: boolean }> {
  const r = await referralOrThrow(deps, referralId);
  const c = await contactOrThrow(deps.contacts, r.contactId);
  const record = await deps.completions.latestCompletion(c.id, 'decide-urgent-support');
  if (!record) throw new Error(`No recorded funding decision for referral ${referralId}: complete "Decide on urgent support" through the service's task API`);
  const d = record.data;
  const manager = await deps.practitioners.findPractitioner(record.completedBy);
  if (!manager) throw new Error(`${record.completedBy} is not in the practitioner directory: the decision must carry their name, role and number (C5)`);
  const toldByPhone = d.toldBy === 'phone';
  const fundingAgreed = d.fundingDecision === 'agreed';
  const method = toldByPhone ? 'letter' : writtenMethod(c.person.preferredContactMethod) ?? 'letter';
  const sent = await sendToPerson(deps.messages, {
    key: `${referralId}:funding-decision`,
    caseId: c.id,
    template: 'funding-decision',
    method,
    to: personRecipient(c),
    personalisation: {
      name: c.person.name,
      decision: fundingAgreed ? 'We have agreed to fund support to meet your urgent needs until your assessment.' : 'We have decided not to fund urgent support before your assessment.',
      rationale: String(d.rationale), informationAndAdvice: String(d.informationAndAdvice), nextSteps: String(d.nextSteps),
      howToComplain: HOW_TO_COMPLAIN, confirming: toldByPhone ? 'This letter confirms what we told you by phone.' : 'None',
      date: LONDON_DAY.format(new Date()),
    },
    signedBy: { name: manager.name, role: manager.role, phone: manager.phone },
    accessibility: accessibilityOf(c),
  });
  await reach(deps.contacts, c.id, 'funding-decision-sent', { referralId, method, status: sent.status, fundingAgreed });
  // A format Notify cannot produce, or a refused address: someone sends it another way.
  return { fundingDecisionSent: sent.status === 'sent' };
}
