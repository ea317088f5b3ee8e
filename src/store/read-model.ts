// What the API and workers read about tasks, cases and operations: the engine's own runtime and history
// (src/engine/engine-read-model.ts) joined with the case store where a case's facts are needed (a contact's channel,
// whether a case exists), and the store of task completions (what each form recorded), which stays in PostgreSQL.
import type { Pool } from 'pg';
import type { RecordedDecision } from '../domain/communications';
import type { TaskView } from '../domain/tasks';
import { createEngineReadModel, type EngineReadModel, type TaskFilter, type TriageRecord } from '../engine/engine-read-model';
import type { EngineClient } from '../engine/operaton';
import { inTransaction } from './db';

export type { Deadline, Incident, JourneyPath, JourneySummary, PathStep, TaskFilter, TimelineEntry } from '../engine/engine-read-model';

export interface ResponseStandardRow {
  channel: string; contacts: number; answered: number; withinStandard: number; answeredLate: number; open: number; openBreached: number;
  medianMinutes: number | null; p90Minutes: number | null;
}

/** PostgreSQL's percentile_cont: linear between the two nearest values. */
function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** C11: the triages of contacts by channel, against the 2-hour standard (the task's due date). */
export function measureResponseStandard(triages: (TriageRecord & { channel: string })[], now: Date): ResponseStandardRow[] {
  const byChannel = new Map<string, (TriageRecord & { channel: string })[]>();
  for (const t of triages) byChannel.set(t.channel, [...(byChannel.get(t.channel) ?? []), t]);
  return [...byChannel.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([channel, ts]) => {
    const answered = ts.filter((t) => t.state === 'completed' && t.endedAt);
    const open = ts.filter((t) => t.state === 'created');
    const minutes = answered.map((t) => ((t.endedAt as Date).getTime() - t.createdAt.getTime()) / 60_000).sort((a, b) => a - b);
    return {
      channel,
      contacts: ts.length,
      answered: answered.length,
      withinStandard: answered.filter((t) => t.dueAt && (t.endedAt as Date) <= t.dueAt).length,
      answeredLate: answered.filter((t) => t.dueAt && (t.endedAt as Date) > t.dueAt).length,
      open: open.length,
      openBreached: open.filter((t) => t.dueAt && t.dueAt < now).length,
      medianMinutes: oneDecimal(percentile(minutes, 0.5)),
      p90Minutes: oneDecimal(percentile(minutes, 0.9)),
    };
  });
}

export function createReadModel(pool: Pool, engine: EngineClient, engineReads: EngineReadModel = createEngineReadModel(engine)) {
  return {
    findTask: (id: string): Promise<TaskView | undefined> => engineReads.findTask(id),
    listTasks: (f: TaskFilter) => engineReads.listTasks(f),
    incidents: (state?: 'open' | 'resolved') => engineReads.incidents(state),
    /** Waiting timers and open tasks due by `until`; breached when due before `now` (engine time). */
    deadlines: (now: Date, until: Date) => engineReads.deadlines(now, until),

    /** The case's journeys (the contact's, its referrals', advocacy's, reviews'), oldest first, with what each is about. */
    caseJourneys: (caseId: string) => engineReads.caseJourneys(caseId),

    /** The events of all the case's journeys in plain words, in time order; undefined when there is no such case. */
    async caseTimeline(caseId: string) {
      const { rowCount } = await pool.query('SELECT 1 FROM contacts WHERE id = $1', [caseId]);
      if (!rowCount) return undefined;
      return engineReads.caseTimeline(caseId);
    },

    /** Where each of the case's journeys has been and waits now, by model element ids; undefined when there is no such case. */
    async casePaths(caseId: string) {
      const { rowCount } = await pool.query('SELECT 1 FROM contacts WHERE id = $1', [caseId]);
      if (!rowCount) return undefined;
      return engineReads.casePaths(caseId);
    },

    /** The BPMN XML of a journey's process, as deployed. */
    diagramXml: (processDefinitionId: string) => engineReads.diagramXml(processDefinitionId),

    /**
     * C11: how contacts since `since` fared against the 2-hour standard, by channel. A contact is answered when its
     * triage is done; triage still open past its due time is a breach in progress. Engine time throughout.
     */
    async responseStandard(since: Date, now: Date): Promise<ResponseStandardRow[]> {
      const triages = await engineReads.triagesSince(since);
      const ids = [...new Set(triages.flatMap((t) => (t.caseId ? [t.caseId] : [])))];
      const { rows } = await pool.query<{ id: string; channel: string }>('SELECT id, channel FROM contacts WHERE id = ANY($1::uuid[])', [ids]);
      const channels = new Map(rows.map((r) => [r.id, r.channel]));
      return measureResponseStandard(triages.flatMap((t) => {
        const channel = t.caseId ? channels.get(t.caseId) : undefined;
        return channel ? [{ ...t, channel }] : [];
      }), now);
    },

    /** Keeps what was entered, then runs `complete`; if completing fails, nothing is kept. Idempotent per task. */
    saveCompletion(
      taskKey: string, formId: string, userId: string, caseId: string | null, data: unknown, complete: () => Promise<void>,
    ): Promise<void> {
      return inTransaction(pool, async (db) => {
        await db.query(
          `INSERT INTO task_completions (task_key, form_id, completed_by, case_id, data) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (task_key) DO UPDATE SET data = EXCLUDED.data, completed_by = EXCLUDED.completed_by, completed_at = now()`,
          [taskKey, formId, userId, caseId, data],
        );
        await complete();
      });
    },

    /** The latest completion of this form on the case: who completed it and what they recorded. */
    async latestCompletion(caseId: string, formId: string): Promise<{ completedBy: string; data: Record<string, unknown> } | undefined> {
      const { rows } = await pool.query<{ completed_by: string; data: Record<string, unknown> }>(
        `SELECT completed_by, data FROM task_completions WHERE case_id = $1 AND form_id = $2 ORDER BY completed_at DESC, task_key DESC LIMIT 1`,
        [caseId, formId],
      );
      return rows[0] && { completedBy: rows[0].completed_by, data: rows[0].data };
    },

    /** The triage and managers' decisions on a case, oldest first (C9, C12). */
    async decisionsFor(caseId: string): Promise<RecordedDecision[]> {
      const { rows } = await pool.query<{ form_id: RecordedDecision['formId']; completed_by: string; completed_at: Date; data: Record<string, unknown> }>(
        `SELECT form_id, completed_by, completed_at, data FROM task_completions
         WHERE case_id = $1 AND form_id IN ('triage-contact', 'decide-next-steps', 'ask-for-consent') ORDER BY completed_at, task_key`,
        [caseId],
      );
      return rows.map((r) => ({ formId: r.form_id, completedBy: r.completed_by, completedAt: r.completed_at, data: r.data }));
    },
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;
