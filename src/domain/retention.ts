// G1, UK GDPR Art. 5(1)(e) storage limitation: how long each kind of record is kept, when a closed case's personal data is
// due to go, and the scheduled use case that anonymises what has passed its time.
import { z } from 'zod';
import { DateTime, Duration } from 'luxon';
import { addDuration, LONDON_ZONE } from './london-calendar';

/**
 * The kinds of record the retention policy tells apart, from what the case became:
 * - `contact`: a contact that ended at the front door (information and advice, signposting, a transfer, managed here);
 * - `case-record`: a contact that became a case file (a referral for assessment, advocacy, a review);
 * - `safeguarding`: a case in which a safeguarding concern was raised.
 */
export const RECORD_KINDS = ['contact', 'case-record', 'safeguarding'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Years, months, weeks or days (P6Y, P18M, P2Y6M, P30D): how long after a case closes its personal data is kept. */
export const RETENTION_PERIOD = /^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/;

export const retentionPeriod = z.string().regex(RETENTION_PERIOD, 'must be an ISO 8601 duration in years, months, weeks or days, e.g. P6Y or P18M');

/** How long each kind of record is kept after its case closes (ISO 8601 durations). */
export type RetentionPolicy = Record<RecordKind, string>;

/**
 * The defaults, as councils' adult social care retention schedules set them (README, "Retention"): initial contacts and
 * information and advice with no services, 2 years after the last contact; case files, 6 years after closure (the
 * latest contact); safeguarding as case files unless the council keeps them longer.
 */
export const DEFAULT_RETENTION: RetentionPolicy = { 'contact': 'P2Y', 'case-record': 'P6Y', 'safeguarding': 'P6Y' };

/** When the nightly job runs by default, London time: a quiet hour, clear of the clock changes' 01:00–02:00. */
export const DEFAULT_RETENTION_RUNS_AT = '02:30';

/** The engine's cron cycle (seconds minutes hour day month weekday) for a daily time HH:MM, London time. */
export function retentionCycleAt(hhmm: string): string {
  const [hour, minute] = hhmm.split(':').map(Number);
  return `0 ${minute} ${hour} * * ?`;
}

/** The journeys that belong to the front door itself: a case with only these is a contact, not a case file. */
const FRONT_DOOR_JOURNEYS = new Set(['receiving-a-contact', 'transferring-a-contact']);

/** One journey of a case, as the engine's history has it. */
export interface CaseJourney {
  /** The process definition key, e.g. receiving-a-contact. */
  process: string;
  running: boolean;
  endedAt: Date | null;
}

/** What the case store knows about a case that the policy needs; nothing about the person. */
export interface CaseOnFile {
  caseId: string;
  receivedAt: Date;
  safeguardingConcern: boolean;
  /** A referral for assessment or an advocacy referral was made. */
  referred: boolean;
}

export function recordKind(c: CaseOnFile, journeys: CaseJourney[]): RecordKind {
  if (c.safeguardingConcern) return 'safeguarding';
  if (c.referred || journeys.some((j) => !FRONT_DOOR_JOURNEYS.has(j.process))) return 'case-record';
  return 'contact';
}

/** The instant `period` after `closedAt`: years, months and days on the London calendar, at the same London time. */
export function keptUntil(closedAt: Date, period: string): Date {
  return addDuration(closedAt, period);
}

/**
 * The whole days the engine keeps a finished journey's history: the longest period of the policy, as the engine
 * counts it (days only), rounded up (a year as 366 days, a month as 31), so the engine's history of a case, which holds
 * ids and routing facts only, is never removed before the case store's record is due (P6Y → 2196 days).
 */
export function engineHistoryDays(policy: RetentionPolicy): number {
  const days = (p: string) => {
    const [, y, m, w, d] = RETENTION_PERIOD.exec(p) ?? [];
    const n = (s?: string) => (s ? Number.parseInt(s, 10) : 0);
    return n(y) * 366 + n(m) * 31 + n(w) * 7 + n(d);
  };
  return Math.max(...RECORD_KINDS.map((k) => days(policy[k])));
}

/** How often a case with a journey still running is looked at again: it can only fall due long after it ends. */
export const RUNNING_CHECK_AGAIN_DAYS = 'P7D';

export type RetentionDecision =
  | { due: true; kind: RecordKind; closedAt: Date | null; dueAt: Date }
  | { due: false; why: 'running'; kind: RecordKind; checkAgainAt: Date }
  | { due: false; why: 'not-yet'; kind: RecordKind; closedAt: Date | null; dueAt: Date };

/**
 * Whether a case's personal data is due to be removed at `now`. A case is closed when every journey of it has ended;
 * its time runs from the end of the last one, for as long as the policy keeps its kind. A case with a journey still
 * running is never due. A case the engine no longer knows any journey of (its history was removed, which happens only
 * after the longest period) has its time counted from when it was received.
 */
export function retentionDecision(policy: RetentionPolicy, c: CaseOnFile, journeys: CaseJourney[], now: Date): RetentionDecision {
  const kind = recordKind(c, journeys);
  if (journeys.some((j) => j.running)) return { due: false, why: 'running', kind, checkAgainAt: addDuration(now, RUNNING_CHECK_AGAIN_DAYS) };
  const ends = journeys.flatMap((j) => (j.endedAt ? [j.endedAt.getTime()] : []));
  const closedAt = ends.length ? new Date(Math.max(...ends)) : null;
  const period = closedAt ? policy[kind] : longest(policy);
  const dueAt = keptUntil(closedAt ?? c.receivedAt, period);
  return dueAt.getTime() <= now.getTime() ? { due: true, kind, closedAt, dueAt } : { due: false, why: 'not-yet', kind, closedAt, dueAt };
}

function longest(policy: RetentionPolicy): string {
  const from = new Date(0);
  return RECORD_KINDS.map((k) => policy[k]).reduce((a, b) => (keptUntil(from, b) > keptUntil(from, a) ? b : a));
}

function shortest(policy: RetentionPolicy): string {
  const from = new Date(0);
  return RECORD_KINDS.map((k) => policy[k]).reduce((a, b) => (keptUntil(from, b) < keptUntil(from, a) ? b : a));
}

/** The latest a case could have been received and be due at `now`: nothing received after it can have passed its time. */
export function receivedNoLaterThan(policy: RetentionPolicy, now: Date): Date {
  // A day's slack for months of different lengths and clock changes: a case looked at too soon is only set aside.
  return DateTime.fromJSDate(now, { zone: LONDON_ZONE }).minus(Duration.fromISO(shortest(policy))).plus({ days: 1 }).toJSDate();
}

/** What anonymising one case removed, table by table (counts of rows changed or deleted); no personal data. */
export type Removed = Record<string, number>;

export interface RetentionStore {
  /**
   * Cases not yet anonymised, received no later than `receivedBy`, that are not set to be looked at later than `now`;
   * those waiting longest first, at most `limit`.
   */
  casesToCheck(now: Date, receivedBy: Date, limit: number): Promise<CaseOnFile[]>;
  /** Removes the case's personal data and records that it did, in one transaction; undefined when it was already done. */
  anonymise(caseId: string, record: { kind: RecordKind; closedAt: Date | null; dueAt: Date; at: Date; run: string }): Promise<Removed | undefined>;
  /** Not due yet: the case is not looked at again before `at`. */
  checkAgainAt(caseId: string, at: Date): Promise<void>;
}

export interface RetentionEngine {
  /** Every journey of the case (its business key), running or ended, as the engine's history holds them. */
  journeysOf(caseId: string): Promise<CaseJourney[]>;
}

export interface RetentionDeps {
  store: RetentionStore;
  engine: RetentionEngine;
  policy: RetentionPolicy;
  /** How many cases one pass looks at. */
  batchSize: number;
}

export interface RetentionPass {
  checked: number;
  anonymised: number;
  /** There may be more cases to look at now: the journey runs the pass again. */
  more: boolean;
}

/**
 * One pass of the nightly job: looks at up to `batchSize` cases that may have passed their time and anonymises each that
 * has. Idempotent: a case already anonymised is not touched again, and one looked at and not due is set aside until it
 * could be. `now` is the engine's time; `run` names the journey that did it, for the record.
 */
export async function keepRecordsOnlyAsLongAsTheyShould(deps: RetentionDeps, now: Date, run: string): Promise<RetentionPass> {
  const cases = await deps.store.casesToCheck(now, receivedNoLaterThan(deps.policy, now), deps.batchSize);
  let anonymised = 0;
  for (const c of cases) {
    const decision = retentionDecision(deps.policy, c, await deps.engine.journeysOf(c.caseId), now);
    if (decision.due) {
      const removed = await deps.store.anonymise(c.caseId, { kind: decision.kind, closedAt: decision.closedAt, dueAt: decision.dueAt, at: now, run });
      if (removed) anonymised++;
    } else {
      await deps.store.checkAgainAt(c.caseId, decision.why === 'running' ? decision.checkAgainAt : decision.dueAt);
    }
  }
  return { checked: cases.length, anonymised, more: cases.length === deps.batchSize };
}
