// Human tasks: what each form's completion must hold, which of it the process may see, and who may act on a task.
import { z } from 'zod';
import { block, line } from './text';
import { BEST_INTERESTS_DECIDED, calendarDateSchema, dateProblem, describeDay, PROMISED_CONTACT, SUPPORT_STARTS, type CalendarDate } from './calendar-date';
import { addDuration } from './london-calendar';
import { nextWorkingDay, notAWorkingDay } from './working-days';
import { referralItemsSchema } from './referral';

export const OUTCOMES = ['information-and-advice', 'prevention-service', 'referral-for-assessment', 'review-or-reassessment', 'safeguarding-concern'] as const;

const text = block(4000);

/** C1: how the advisor confirmed the right of someone other than the person to act for them. */
export const CONSENT = ['consent', 'legal-authority', 'not-confirmed'] as const;
/** U1: who follows up information and advice: the contact team, the person's allocated worker, or another organisation (checked by the contact team). */
export const FOLLOW_UP_BY = ['contact-team', 'allocated-worker', 'another-organisation'] as const;

/**
 * C1, F1: when consent or legal authority is not confirmed, what can still be done: ask the person first; respect their
 * refusal; act in the best interests of a person who lacks capacity to decide (F1 ground 3); or act because they are at
 * risk of abuse or neglect (F1 ground 4, with a safeguarding concern, C10).
 */
export const WITHOUT_CONSENT = ['ask-the-person', 'refused', 'best-interests', 'at-risk'] as const;
/** C1: what the person said when asked for their consent. */
export const CONSENT_ANSWERS = ['given', 'refused', 'not-reached'] as const;

/**
 * F1 ground 3, seed 001 §2 item 4: a referral in the person's best interests rests on a capacity assessment and a
 * best-interests decision, recorded with who made it and when. Shared by the triage and the manager's decision.
 */
const withoutConsentFields = {
  withoutConsent: z.enum(WITHOUT_CONSENT).optional(),
  capacityAssessment: text.optional(),
  bestInterestsDecidedBy: line(200).optional(),
  /** YYYY-MM-DD, within the past year (BEST_INTERESTS_DECIDED, checked on the engine's day by completionProblems). */
  bestInterestsDecidedOn: calendarDateSchema.optional(),
};

/** Outcomes that share the person's information onwards, so need the person, their consent or legal authority (C1). */
export const OUTCOMES_NEEDING_CONSENT: readonly string[] = ['prevention-service', 'referral-for-assessment', 'review-or-reassessment'];

/**
 * One entry per form in processes/forms: the completion schema (kept equal to the form's fields by a test), and the
 * fields handed to the engine as routing facts. Everything else stays in the case store: judgements are personal data.
 */
export const TASK_FORMS = {
  'triage-contact': {
    schema: z.object({
      outcome: z.enum(OUTCOMES),
      wellbeing: text,
      prevention: text,
      informationAndAdvice: text,
      /** C8: YYYY-MM-DD, today or later and within a year (PROMISED_CONTACT, checked on the engine's day by completionProblems). */
      nextContactBy: calendarDateSchema,
      actionClear: z.boolean(),
      consentConfirmed: z.enum(CONSENT).optional(),
      ...withoutConsentFields,
      signposting: z.array(z.string().regex(/^[a-z0-9-]+$/, 'is not a directory service id')).max(20).optional(),
      /** U1: who will follow the advice up at the agreed time, when it is not the contact team. */
      followUpBy: z.enum(FOLLOW_UP_BY).optional(),
    }).strict(),
    // The agreed date is not personal: the engine holds it as the follow-up's deadline (C8, U1), and who follows up; the
    // legal basis for passing anything on (C1, F1) routes the journey. The best-interests record stays in the case store.
    routing: ['outcome', 'actionClear', 'nextContactBy', 'followUpBy', 'consentConfirmed', 'withoutConsent'],
  },
  'decide-next-steps': {
    // C6: the manager's decision records the three Care Act considerations too.
    schema: z.object({ outcome: z.enum(OUTCOMES), rationale: text, wellbeing: text, prevention: text, informationAndAdvice: text, ...withoutConsentFields }).strict(),
    routing: ['outcome', 'withoutConsent'],
  },
  'ask-for-consent': {
    // C1: the person is asked; "how" is item 3 of a referral (when and how the person consented).
    schema: z.object({ consentAnswer: z.enum(CONSENT_ANSWERS), how: block(500).optional(), notes: text }).strict(),
    routing: ['consentAnswer'],
  },
  'chase-overdue-contact': {
    schema: z.object({ actionTaken: text }).strict(),
    routing: [],
  },
  'call-emergency-services': {
    schema: z.object({ policeCalled: z.boolean(), medicalHelpCalled: z.boolean(), reference: line(100, { min: 0 }).optional(), actionTaken: text }).strict(),
    routing: [],
  },
  'acknowledge-another-way': {
    schema: z.object({ acknowledgedBy: z.enum(['phone', 'accessible-format', 'interpreter', 'other-contact-details']), notes: text }).strict(),
    routing: [],
  },
  'tell-person-outcome': {
    schema: z.object({ toldBy: z.enum(['phone', 'face-to-face', 'accessible-format', 'interpreter']), notes: text }).strict(),
    routing: [],
  },
  'decide-who-manages': {
    schema: z.object({ generalInformationAndAdvice: z.boolean(), allocatedWorkerMostAppropriate: z.boolean(), reason: text.optional() }).strict(),
    routing: ['generalInformationAndAdvice', 'allocatedWorkerMostAppropriate'],
  },
  'receive-written-contact': {
    // A text has no original to send: the form hides the question, so it may be absent.
    schema: z.object({ original: z.enum(['send-to-me', 'file-securely']).optional(), acknowledgement: z.enum(['front-door', 'i-will-acknowledge', 'not-needed']), notes: text.optional() }).strict(),
    routing: [],
  },
  'call-back': {
    schema: z.object({ reached: z.boolean(), notes: text }).strict(),
    routing: [],
  },
  'arrange-missed-call-back': {
    schema: z.object({ actionTaken: text }).strict(),
    routing: [],
  },
  'gather-referral-information': {
    // F2: the items gathered may come with the completion, checked as the referral's own (src/domain/referral.ts); a
    // completion that leaves a part blank is refused, naming it, unless that part is answered "not known" or "none".
    schema: z.object({ gathered: text, items: referralItemsSchema.optional() }).strict(),
    routing: [],
  },
  'offer-own-authority': {
    schema: z.object({
      informationGiven: z.boolean(), helpedToContact: z.boolean(), insistsOnAssessment: z.boolean(), appearsToHaveNeeds: z.boolean(), notes: text.optional(),
    }).strict(),
    routing: ['insistsOnAssessment', 'appearsToHaveNeeds'],
  },
  'establish-ordinary-residence': {
    schema: z.object({ ordinaryResidence: z.enum(['resident', 'not-resident', 'disputed']), notes: text }).strict(),
    routing: [],
  },
  'offer-carers-assessment': {
    schema: z.object({ carersAssessment: z.enum(['accepted', 'declined', 'later']), notes: text.optional() }).strict(),
    routing: [],
  },
  'follow-up-call': {
    // Whether the advice helped is asked only of someone reached: the form hides it otherwise.
    schema: z.object({ reached: z.boolean(), adviceHelped: z.enum(['yes', 'partly', 'no']).optional(), notes: text.optional() }).strict(),
    routing: ['reached'],
  },
  'hold-rac-meeting': {
    // The decisions themselves are recorded one by one through /api/rac/meetings/{id}/decisions (A1).
    schema: z.object({ agendaConsidered: z.boolean(), notes: text.optional() }).strict(),
    routing: [],
  },
  'check-while-waiting': {
    schema: z.object({ supportInPlace: z.boolean(), urgentNeeds: z.boolean(), notes: text }).strict(),
    routing: ['supportInPlace', 'urgentNeeds'],
  },
  'decide-urgent-support': {
    // A7: what must be recorded when urgent needs are met before assessment, and what the person is told.
    schema: z.object({
      supportProvided: text, councilContribution: text, personContribution: text, duration: text, howReviewed: text, outcomes: text,
      fundingDecision: z.enum(['agreed', 'not-agreed']), rationale: text, informationAndAdvice: text, nextSteps: text, toldBy: z.enum(['phone', 'writing']),
    }).strict(),
    routing: [],
  },
  'tell-person-coordinator': {
    schema: z.object({ toldBy: z.enum(['phone', 'face-to-face', 'accessible-format', 'interpreter']), notes: text }).strict(),
    routing: [],
  },
  'choose-advocate': {
    // V5: the reasons are the record; the kind chosen goes to the provider referral.
    schema: z.object({ kind: z.enum(['care-act', 'imca', 'imha']), reasons: text }).strict(),
    routing: ['kind'],
  },
  'secure-advocacy': {
    schema: z.object({ actionTaken: text }).strict(),
    routing: [],
  },
  'carry-out-assessment': {
    schema: z.object({
      eligibleNeeds: z.boolean(), supportArranged: z.boolean(),
      /** U2: YYYY-MM-DD, within a year either side of today (SUPPORT_STARTS, checked on the engine's day by completionProblems). */
      supportStartsOn: calendarDateSchema.optional(), notes: text,
    }).strict(),
    // The day support starts is the reviews' deadline, not personal: the engine holds it (U2).
    routing: ['supportArranged', 'supportStartsOn'],
  },
  'carry-out-review': {
    schema: z.object({ needsChanged: z.boolean(), budgetChanged: z.boolean(), notes: text }).strict(),
    routing: ['needsChanged', 'budgetChanged'],
  },
  'consider-review-request': {
    // U3: every request is considered; a reasonable one is met, by the planned review or an unplanned one.
    schema: z.object({ reasonable: z.boolean(), reviewPlanned: z.boolean(), urgent: z.boolean(), reasons: text }).strict(),
    routing: ['reasonable', 'reviewPlanned', 'urgent'],
  },
  'decide-reviewer': {
    schema: z.object({ reviewer: z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, 'is not a sign-in user id, e.g. pat.practitioner'), reasons: text }).strict(),
    routing: ['reviewer'],
  },
} as const;

export type FormId = keyof typeof TASK_FORMS;

/**
 * Caldicott principle 3 (the minimum necessary): the person's contact details a task shows beside its form, only for
 * the tasks that must reach the person. Every task shows their name, how they asked to be contacted and their
 * communication needs; these add how to reach them.
 */
export const CONTACT_DETAILS_NEEDED: Partial<Record<FormId, readonly ('phone' | 'email' | 'address')[]>> = {
  'call-emergency-services': ['phone', 'address'],
  'ask-for-consent': ['phone', 'email'],
  'tell-person-outcome': ['phone', 'email', 'address'],
  'tell-person-coordinator': ['phone', 'email', 'address'],
  'acknowledge-another-way': ['phone', 'email', 'address'],
  'call-back': ['phone'],
  'follow-up-call': ['phone'],
};

/** The completion's routing facts: the only part of it the engine receives. */
export function routingOf(formId: FormId, data: Record<string, unknown>): Record<string, unknown> {
  const fields: readonly string[] = TASK_FORMS[formId].routing;
  // A field the form hid is null, not absent: the journey's gateways read every routing fact.
  return Object.fromEntries(fields.map((f) => [f, data[f] ?? null]));
}

export function isFormId(id: string | null | undefined): id is FormId {
  return !!id && id in TASK_FORMS;
}

/**
 * What a task or journey is about, as the API names it: the contact (its id is the case id), a referral or
 * reassessment (`/api/referrals/:id`), a review (its journey's id), an advocacy referral (`/api/advocacy/:id`), or a
 * RAC meeting (`/api/rac/meetings/:id`). Read from the ids the journey holds; never personal data.
 */
export interface Concerns {
  kind: 'contact' | 'referral' | 'review' | 'advocacy' | 'rac-meeting';
  id: string;
}

export interface TaskView {
  /** The engine's task id. */
  key: string;
  name: string | null;
  /** The engine's id of the journey (process instance) the task belongs to. */
  processInstanceKey: string;
  state: 'created' | 'completed' | 'cancelled';
  assignee: string | null;
  candidateGroups: string[];
  /** People the task is offered to by name, e.g. the allocated worker who follows up advice (U1). */
  candidateUsers: string[];
  formId: string | null;
  dueDate: Date | null;
  /** 0–100, from the model; the queue shows the highest first (a 999 call is 100). */
  priority: number;
  createdAt: Date;
  caseId: string | null;
  /** Which contact, referral, review, advocacy referral or meeting the task is about; null when the journey does not say. */
  concerns: Concerns | null;
}

/** The engine's open tasks of a journey at one step, re-timed when what their urgency rests on changes (C4). */
export interface OpenTaskTimes {
  /** Sets the priority of the journey's open tasks at this step, and each one's due time from when it was created; returns how many. */
  retime(processInstanceId: string, activityId: string, priority: number, dueAt: (createdAt: Date) => Date): Promise<number>;
}

/**
 * C4: a contact shown not to be urgent: its triage, if still open, takes the priority and time the screening table now
 * gives (`within`, an ISO 8601 duration, counted from when the triage was created). Returns how many were lowered.
 */
export function lowerTriage(deps: { openTasks: OpenTaskTimes }, processInstanceId: string, priority: number, within: string): Promise<number> {
  return deps.openTasks.retime(processInstanceId, 'TriageTheContact', priority, (createdAt) => addDuration(createdAt, within));
}

export interface Actor {
  id: string;
  groups: string[];
  /**
   * Groups whose tasks this user oversees besides their own (a team manager: contact advisors' and practitioners'),
   * from the access policy's OVERSEES (src/api/access-policy.ts). Left out: none.
   */
  oversees?: string[];
}

export type Refusal = { status: 403 | 409; reason: string } | undefined;

/** A user sees and claims only tasks of their groups. */
export function canSee(task: Pick<TaskView, 'candidateGroups'>, user: Actor): boolean {
  return task.candidateGroups.some((g) => user.groups.includes(g));
}

/**
 * Whether the user may move the task between people without doing it: a team manager, for a task of their own group or
 * of a group they oversee (contact advisors', practitioners').
 */
export function manages(task: Pick<TaskView, 'candidateGroups'>, user: Actor): boolean {
  return task.candidateGroups.some((g) => user.oversees?.includes(g)) || (canSee(task, user) && user.groups.includes('team-managers'));
}

/** A user sees a task of their groups, or of a group they oversee. */
export function canView(task: Pick<TaskView, 'candidateGroups'>, user: Actor): boolean {
  return canSee(task, user) || task.candidateGroups.some((g) => user.oversees?.includes(g));
}

/** Whether the task is open and past its due time, by the engine's clock (`now`): the inbox marks it (C11). */
export function isOverdue(task: Pick<TaskView, 'state' | 'dueDate'>, now: Date): boolean {
  return task.state === 'created' && task.dueDate !== null && task.dueDate.getTime() < now.getTime();
}

export function whyNotClaim(task: TaskView, user: Actor): Refusal {
  if (!canSee(task, user)) return { status: 403, reason: `This task is for ${task.candidateGroups.join(', ')}.` };
  if (task.state !== 'created') return { status: 409, reason: `The task is ${task.state}.` };
  if (task.assignee && task.assignee !== user.id) return { status: 409, reason: `The task is already assigned to ${task.assignee}.` };
  return undefined;
}

export function whyNotUnassign(task: TaskView, user: Actor): Refusal {
  if (!canView(task, user)) return { status: 403, reason: `This task is for ${task.candidateGroups.join(', ')}.` };
  if (task.state !== 'created') return { status: 409, reason: `The task is ${task.state}.` };
  if (task.assignee !== user.id && !manages(task, user)) return { status: 403, reason: 'Only the assignee or a team manager of its team can give it back.' };
  return undefined;
}

/** A team manager of the task's team gives an open task to someone else (`to`, a sign-in id), whoever holds it now. */
export function whyNotReassign(task: TaskView, user: Actor): Refusal {
  if (!manages(task, user)) return { status: 403, reason: 'Only a team manager of its team can give a task to someone else.' };
  if (task.state !== 'created') return { status: 409, reason: `The task is ${task.state}.` };
  return undefined;
}

export function whyNotComplete(task: TaskView, user: Actor): Refusal {
  if (task.state !== 'created') return { status: 409, reason: `The task is ${task.state}.` };
  if (task.assignee !== user.id) return { status: 403, reason: 'Only the assignee can complete a task; claim it first.' };
  return undefined;
}

/** What a form's completion must also agree with beyond its own fields: the case it belongs to. */
/** What a completion must also agree with beyond its own fields: the case it belongs to, read only when a form needs it. */
export interface CompletionContext {
  madeByThePerson(): Promise<boolean>;
  /** What the triage recorded about consent, for a manager deciding after it (C1). */
  consentAtTriage(): Promise<(typeof CONSENT)[number] | undefined>;
  /** Ids of the signposting directory's services. */
  isDirectoryService(id: string): Promise<boolean>;
  /** The worker allocated to the person the task is about, from the directory by their NHS number. */
  allocatedWorker(): Promise<string | undefined>;
  /** Sign-in ids of the practitioner directory. */
  isPractitioner(id: string): Promise<boolean>;
  /** The day it is in London by the engine's clock, which holds the deadlines a form's dates become. */
  today(): Promise<CalendarDate>;
}

type Problem = { pointer: string; detail: string };

/**
 * C1, F1: an outcome that passes the person's information on, decided while consent or legal authority is not
 * confirmed, needs one of the other grounds: the person asked first, their best interests (with the capacity assessment
 * and decision on record), or a risk of abuse or neglect. Their refusal leaves information and advice or a safeguarding
 * concern.
 */
async function consentProblems(data: Record<string, unknown>, consentNotConfirmed: boolean, ctx: CompletionContext): Promise<Problem[]> {
  if (!consentNotConfirmed || !OUTCOMES_NEEDING_CONSENT.includes(String(data.outcome))) return [];
  switch (data.withoutConsent as (typeof WITHOUT_CONSENT)[number] | undefined) {
    case undefined:
      return [{ pointer: '#/withoutConsent', detail: 'consent or legal authority is not confirmed: say whether to ask the person first, that they refused, that they lack capacity and a best-interests decision supports this, or that they are at risk of abuse or neglect' }];
    case 'refused':
      return [{ pointer: '#/outcome', detail: 'the person refused their consent: only information and advice or a safeguarding concern can follow, unless they are at risk of abuse or neglect' }];
    case 'best-interests': {
      const problems: Problem[] = [];
      if (!data.capacityAssessment) problems.push({ pointer: '#/capacityAssessment', detail: 'say who assessed the person\'s capacity, when, and for what decision' });
      if (!data.bestInterestsDecidedBy) problems.push({ pointer: '#/bestInterestsDecidedBy', detail: 'say who made the best-interests decision, with their role' });
      if (typeof data.bestInterestsDecidedOn !== 'string') problems.push({ pointer: '#/bestInterestsDecidedOn', detail: 'say when the best-interests decision was made' });
      else {
        const wrong = dateProblem(BEST_INTERESTS_DECIDED, data.bestInterestsDecidedOn, await ctx.today());
        if (wrong) problems.push({ pointer: '#/bestInterestsDecidedOn', detail: wrong });
      }
      return problems;
    }
    default:
      return [];
  }
}

/** Field-level problems with a completion that its schema alone cannot see (C1, signposting from the directory). */
export async function completionProblems(formId: FormId, data: Record<string, unknown>, ctx: CompletionContext): Promise<Problem[]> {
  if (formId === 'decide-next-steps') {
    // A manager passes on only on the grounds the triage could: the same rule holds for their decision.
    const notConfirmed = (await ctx.consentAtTriage()) === 'not-confirmed' && !(await ctx.madeByThePerson());
    return consentProblems(data, notConfirmed, ctx);
  }
  if (formId === 'ask-for-consent') {
    return data.consentAnswer === 'given' && !data.how ? [{ pointer: '#/how', detail: 'say how the person gave their consent (for example on the phone, or in writing)' }] : [];
  }
  if (formId === 'follow-up-call') {
    return data.reached === true && data.adviceHelped === undefined ? [{ pointer: '#/adviceHelped', detail: 'say whether the advice helped the person you reached' }] : [];
  }
  if (formId === 'decide-reviewer') {
    return (await ctx.isPractitioner(String(data.reviewer))) ? [] : [{ pointer: '#/reviewer', detail: `"${String(data.reviewer)}" is not in the practitioner directory` }];
  }
  if (formId === 'carry-out-assessment') {
    // U2: the reviews are scheduled from the day support starts.
    if (typeof data.supportStartsOn === 'string') {
      const wrong = dateProblem(SUPPORT_STARTS, data.supportStartsOn, await ctx.today());
      if (wrong) return [{ pointer: '#/supportStartsOn', detail: wrong }];
    }
    return data.supportArranged === true && data.supportStartsOn === undefined ? [{ pointer: '#/supportStartsOn', detail: 'say the day the support starts: its reviews are scheduled from it' }] : [];
  }
  if (formId !== 'triage-contact') return [];
  const problems: Problem[] = [];
  // C8: the person is told this day, and the engine holds it as the follow-up's deadline.
  const promised = data.nextContactBy as string;
  const unpromisable = dateProblem(PROMISED_CONTACT, promised, await ctx.today());
  const nobodyWorks = unpromisable ? undefined : notAWorkingDay(promised);
  if (unpromisable) problems.push({ pointer: '#/nextContactBy', detail: unpromisable });
  // Nobody would make the call that day: the person is promised a working day instead.
  if (nobodyWorks) {
    problems.push({ pointer: '#/nextContactBy', detail: `is ${nobodyWorks}, when nobody can make contact: agree a working day, such as ${describeDay(nextWorkingDay(promised))}` });
  }
  if (!(await ctx.madeByThePerson())) {
    if (!data.consentConfirmed) {
      problems.push({ pointer: '#/consentConfirmed', detail: 'someone other than the person made this contact: say whether the person consented or someone has legal authority to act for them' });
    }
    problems.push(...(await consentProblems(data, data.consentConfirmed === 'not-confirmed', ctx)));
  }
  if (data.followUpBy === 'allocated-worker' && !(await ctx.allocatedWorker())) {
    problems.push({ pointer: '#/followUpBy', detail: 'the person has no allocated worker in the directory to follow the advice up' });
  }
  const picked = (data.signposting as string[] | undefined) ?? [];
  for (const [i, id] of picked.entries()) {
    if (!(await ctx.isDirectoryService(id))) problems.push({ pointer: `#/signposting/${i}`, detail: `"${id}" is not in the signposting directory` });
  }
  return problems;
}
