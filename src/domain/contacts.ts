// Use cases of the contact journey; the store and the engine come in through the ports below.
import { randomUUID } from 'node:crypto';
import {
  describeStage,
  routingFacts,
  urgencyOf,
  type Urgency,
  type ContactRecord,
  type NewContact,
  type Risk,
  type RoutingFacts,
  type Stage,
} from './contact';
import type { PractitionerLookup } from './practitioners';
import type { CONSENT_ANSWERS, FOLLOW_UP_BY, OUTCOMES } from './tasks';
import type { RecordedDecision } from './communications';
import { addDuration, atLondonTime } from './london-calendar';
import { onAWorkingDay } from './working-days';

export interface ContactRepository {
  /**
   * Stores the contact, then runs `start` (its journey). If starting fails, the contact is removed and the error thrown,
   * unless the journey has already recorded it (the engine started it but its answer was lost): then the contact stands
   * and that journey's key is returned.
   */
  create(
    id: string, contact: NewContact, recordedBy: string, start: () => Promise<{ processInstanceKey: string }>,
  ): Promise<{ processInstanceKey: string }>;
  find(id: string): Promise<ContactRecord | undefined>;
  /** Records that the journey reached a stage, once; false when there is no such contact. */
  recordStage(id: string, stage: Stage, detail: Record<string, unknown>): Promise<boolean>;
  /** Ties another journey (advocacy, reviews) to the person's case, so its tasks show on the case; false when there is no such contact. */
  linkJourney(id: string, processInstanceKey: string): Promise<boolean>;
  /** Raises the contact's safeguarding concern, once; false when there is no such contact. */
  raiseSafeguardingConcern(id: string, imminentDanger: boolean): Promise<boolean>;
}

/** G1: who read a person's record, when and why. */
/** One read of a person's data (G1): whose (their case, or their NHS number when no case is read), by whom, what and why. */
export interface RecordAccess {
  subject: { contactId: string } | { nhsNumber: string };
  userId: string;
  /** What was read, in words: "the whole record", "a task's summary", "a referral" … */
  what: string;
  /** Why: the purpose the reader stated, or the task or step they read it for. */
  why: string;
}

/** The append-only access log: every read of a person's data is written before the data is handed over (G1). */
export interface AccessLog {
  record(access: RecordAccess): Promise<void>;
  /** Who read a person's data, oldest first: reads of their case, and of anything kept under their NHS number. */
  list(contactId: string, nhsNumber?: string): Promise<{ userId: string; what: string; why: string; at: Date }[]>;
}

export interface JourneyEngine {
  startReceivingAContact(facts: RoutingFacts): Promise<{ processInstanceKey: string }>;
  /** C4: tells the contact's journey it is not urgent, so a triage still open is screened again and lowered. */
  shownNotUrgent(contactId: string): Promise<void>;
}

/** The contact is not treated as urgent, so there is nothing to lower. */
export class NotUrgent extends Error {
  constructor(readonly contactId: string) {
    super(`Contact ${contactId} is not treated as urgent`);
    this.name = 'NotUrgent';
  }
}

/** A job ran before the API's transaction was visible, or for a contact that is gone: retry, then an incident. */
export class ContactNotFound extends Error {
  constructor(readonly contactId: string) {
    super(`No contact ${contactId} in the case store`);
    this.name = 'ContactNotFound';
  }
}

export async function receiveContact(
  deps: { contacts: ContactRepository; engine: JourneyEngine },
  contact: NewContact,
  recordedBy: string,
): Promise<{ id: string; processInstanceKey: string }> {
  const id = randomUUID();
  const { processInstanceKey } = await deps.contacts.create(id, contact, recordedBy, () =>
    deps.engine.startReceivingAContact(routingFacts(id, contact)),
  );
  return { id, processInstanceKey };
}

/**
 * Reads a person's record; every read is logged before the record is handed over. C12: the record shows the triage,
 * the decisions on next steps with the information and advice given, and who leads from here when someone does.
 */
export async function viewContact(
  deps: { contacts: ContactRepository; accessLog: AccessLog; decisions: { decisionsFor(contactId: string): Promise<RecordedDecision[]> } },
  id: string,
  reader: { userId: string; what: string; why: string },
): Promise<(ContactRecord & { journey: string; urgency: Urgency; decisions: RecordedDecision[]; leadPractitioner: string | null }) | undefined> {
  const record = await deps.contacts.find(id);
  if (!record) return undefined;
  await deps.accessLog.record({ subject: { contactId: id }, ...reader });
  const lead = record.history.find((e) => e.stage === 'allocated-for-assessment') ?? record.history.find((e) => e.stage === 'transferred');
  return {
    ...record,
    journey: describeStage(record),
    urgency: urgencyOf(record),
    decisions: await deps.decisions.decisionsFor(id),
    // The coordinator named at allocation will lead an assessment; until then, whoever the contact was passed to.
    leadPractitioner: lead ? String(lead.detail.to) : null,
  };
}

/** Keeps a journey that is not the contact's own on the person's record, once. */
export async function linkToCase(contacts: ContactRepository, id: string, processInstanceKey: string): Promise<void> {
  if (!(await contacts.linkJourney(id, processInstanceKey))) throw new ContactNotFound(id);
}

/** Records the stage once; a contact that is not there (yet) fails the job so it is retried. */
export async function reach(contacts: ContactRepository, id: string, stage: Stage, detail: Record<string, unknown> = {}): Promise<void> {
  if (!(await contacts.recordStage(id, stage, detail))) throw new ContactNotFound(id);
}

/** The contact a job is about; a missing one fails the job so it is retried. */
export async function contactOrThrow(contacts: ContactRepository, id: string): Promise<ContactRecord> {
  const c = await contacts.find(id);
  if (!c) throw new ContactNotFound(id);
  return c;
}

/**
 * C2: marks the contact recorded by its journey. 'not-recorded' when the store does not hold it: intake removed it
 * because the caller was told the contact was not taken (the engine failed while answering), so this journey must end
 * without writing to anyone; the contact is always committed before its journey starts, so it is never merely late.
 */
export async function recordContact(contacts: ContactRepository, id: string, processInstanceKey: string): Promise<'recorded' | 'not-recorded'> {
  return (await contacts.recordStage(id, 'recorded', { processInstanceKey })) ? 'recorded' : 'not-recorded';
}

/**
 * C1: the person's answer when asked for their consent, kept on the case. A refusal is respected: what follows is
 * information and advice, whatever was to be passed on (F1). Returns the outcome the journey carries on with.
 */
export async function recordConsentAnswer(contacts: ContactRepository, id: string, answer: (typeof CONSENT_ANSWERS)[number], outcome: (typeof OUTCOMES)[number]): Promise<(typeof OUTCOMES)[number]> {
  await reach(contacts, id, `consent-${answer}`, {});
  return answer === 'refused' ? 'information-and-advice' : outcome;
}

/**
 * C4: an advisor records the evidence that a contact treated as urgent is not. The evidence goes on the case (the
 * person's record); the journey hears only that it is not urgent, and lowers a triage still waiting.
 * Throws ContactNotFound, or NotUrgent when it is not treated as urgent now.
 */
export async function showNotUrgent(deps: { contacts: ContactRepository; engine: JourneyEngine }, id: string, evidence: string, by: string): Promise<Urgency> {
  const c = await contactOrThrow(deps.contacts, id);
  if (!urgencyOf(c).urgent) throw new NotUrgent(id);
  await reach(deps.contacts, id, 'urgency-lowered', { evidence, by });
  await deps.engine.shownNotUrgent(id);
  return urgencyOf(await contactOrThrow(deps.contacts, id));
}

/** C10: the concern is raised at once and kept on the case record. */
export async function raiseSafeguardingConcern(contacts: ContactRepository, id: string, imminentDanger: boolean): Promise<void> {
  if (!(await contacts.raiseSafeguardingConcern(id, imminentDanger))) throw new ContactNotFound(id);
  await reach(contacts, id, 'safeguarding-concern-raised', { imminentDanger });
}

/**
 * C2, U1: the advice given, when it will be followed up (by risk) and by whom. The allocated worker is found in the
 * directory, so the follow-up call goes to them at the agreed time; another organisation's follow-up is checked by the
 * contact team at that time. The follow-up falls due at 9am London time on the day agreed with the person (C8), or
 * sooner when the risk's longest wait ends first, counted in London calendar days (P14D is 14 days later at the same
 * London time, across a clock change too), and moved to that hour of the next working day when it falls on a weekend
 * or a bank holiday; `at` is the engine's time, so a moved engine clock moves it too.
 */
export async function recordInformationAndAdvice(
  deps: { contacts: ContactRepository; practitioners: Pick<PractitionerLookup, 'findAllocation'> },
  id: string, risk: Risk, followUpAfter: string, followUpBy: (typeof FOLLOW_UP_BY)[number], nextContactBy: string, at: Date,
): Promise<{ followUpWorker?: string; followUpDueAt: string }> {
  const c = await contactOrThrow(deps.contacts, id);
  const dueAt = onAWorkingDay(earliest(atLondonTime(nextContactBy, 9), addDuration(at, followUpAfter)));
  const allocation = followUpBy === 'allocated-worker' && c.person.nhsNumber ? await deps.practitioners.findAllocation(c.person.nhsNumber) : undefined;
  const followUpWorker = allocation?.allocatedWorker ?? undefined;
  await reach(deps.contacts, id, 'information-and-advice-given', { risk, followUpAfter, followUpBy: followUpWorker || followUpBy !== 'allocated-worker' ? followUpBy : 'contact-team', ...(followUpWorker ? { followUpWorker } : {}) });
  return { ...(followUpWorker ? { followUpWorker } : {}), followUpDueAt: dueAt.toISOString() };
}

const earliest = (a: Date, b: Date): Date => (a < b ? a : b);

/**
 * U1: when a follow-up call that did not reach the person is tried again: the same London time the next day, or the
 * next working day when that is a weekend or bank holiday. `triedAt` is the engine's time.
 */
export function nextFollowUpCallAt(triedAt: Date): Date {
  return onAWorkingDay(addDuration(triedAt, 'P1D'));
}

/** C11: the local 2-hour standard was missed; kept on the case so breaches can be counted. */
export function recordMissedResponseStandard(contacts: ContactRepository, id: string): Promise<void> {
  return reach(contacts, id, 'response-standard-missed');
}

/** C12: the first contact ends at referral or signposting onwards. */
export function recordContactOutcome(contacts: ContactRepository, id: string, outcome: string): Promise<void> {
  return reach(contacts, id, 'passed-on', { outcome });
}

export function recordFollowUpDue(contacts: ContactRepository, id: string): Promise<void> {
  return reach(contacts, id, 'follow-up-due');
}
