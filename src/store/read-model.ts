// Queries over the projected read model (tasks, timeline, incidents, deadlines) and the store of task completions.
import type { Pool } from 'pg';
import type { RecordedDecision } from '../domain/communications';
import type { TaskView } from '../domain/tasks';
import { inTransaction } from './db';

export interface TaskFilter {
  groups: string[];
  candidateGroup?: string;
  assignee?: string;
  state?: TaskView['state'];
  caseId?: string;
  page: number;
  pageSize: number;
}

const TASK_SELECT = `
  SELECT t.key, e.name, t.process_instance_key, t.state, t.assignee, t.candidate_groups, t.candidate_users, e.form_id, t.due_date, t.priority, t.created_at,
         COALESCE(c.id, ci.case_id) AS case_id
  FROM user_tasks t
  LEFT JOIN process_elements e ON e.process_definition_key = t.process_definition_key AND e.element_id = t.element_id
  LEFT JOIN process_instances pi ON pi.key = t.process_instance_key
  LEFT JOIN contacts c ON c.process_instance_key = COALESCE(pi.root_key, t.process_instance_key)
  LEFT JOIN case_instances ci ON ci.process_instance_key = COALESCE(pi.root_key, t.process_instance_key)`;

interface TaskRow {
  key: string; name: string | null; process_instance_key: string; state: TaskView['state']; assignee: string | null;
  candidate_groups: string[]; candidate_users: string[]; form_id: string | null; due_date: Date | null; priority: number; created_at: Date; case_id: string | null;
}

const toTask = (r: TaskRow): TaskView => ({
  key: r.key, name: r.name, processInstanceKey: r.process_instance_key, state: r.state, assignee: r.assignee,
  candidateGroups: r.candidate_groups, candidateUsers: r.candidate_users, formId: r.form_id, dueDate: r.due_date, priority: r.priority, createdAt: r.created_at, caseId: r.case_id,
});

export interface TimelineEntry { at: Date; event: string; step: string; type: string }
export interface Incident { key: string; processInstanceKey: string; process: string; step: string; errorType: string; errorMessage: string; state: string; createdAt: Date; resolvedAt: Date | null }
export interface ResponseStandardRow {
  channel: string; contacts: number; answered: number; withinStandard: number; answeredLate: number; open: number; openBreached: number;
  medianMinutes: number | null; p90Minutes: number | null;
}
export interface Deadline { kind: 'timer' | 'task'; key: string; processInstanceKey: string; step: string; dueAt: Date; breached: boolean }

export function createReadModel(pool: Pool) {
  return {
    async findTask(key: string): Promise<TaskView | undefined> {
      const { rows } = await pool.query<TaskRow>(`${TASK_SELECT} WHERE t.key = $1`, [key]);
      return rows[0] && toTask(rows[0]);
    },

    async listTasks(f: TaskFilter): Promise<{ tasks: TaskView[]; total: number }> {
      const where = ['t.candidate_groups && $1::text[]'];
      const params: unknown[] = [f.groups];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replace('?', `$${params.length}`));
      };
      if (f.candidateGroup) add('? = ANY(t.candidate_groups)', f.candidateGroup);
      if (f.assignee) add('t.assignee = ?', f.assignee);
      if (f.state) add('t.state = ?', f.state);
      if (f.caseId) add('COALESCE(c.id, ci.case_id) = ?', f.caseId);
      const filter = `WHERE ${where.join(' AND ')}`;
      const total = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM (${TASK_SELECT} ${filter}) q`, params);
      const { rows } = await pool.query<TaskRow>(
        `${TASK_SELECT} ${filter} ORDER BY t.priority DESC, t.due_date DESC NULLS LAST, t.created_at DESC LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
        params,
      );
      return { tasks: rows.map(toTask), total: Number(total.rows[0]?.n ?? 0) };
    },

    async caseTimeline(caseId: string): Promise<TimelineEntry[] | undefined> {
      const contact = await pool.query<{ process_instance_key: string | null }>('SELECT process_instance_key FROM contacts WHERE id = $1', [caseId]);
      const root = contact.rows[0];
      if (!root) return undefined;
      const { rows } = await pool.query<{ at: Date; event: string; name: string | null; element_id: string; element_type: string }>(
        `SELECT tl.at, tl.event, e.name, tl.element_id, tl.element_type
         FROM timeline tl
         JOIN process_instances pi ON pi.key = tl.process_instance_key
         LEFT JOIN process_elements e ON e.process_definition_key = tl.process_definition_key AND e.element_id = tl.element_id
         WHERE pi.root_key = $1 ORDER BY tl.at, tl.position`,
        [root.process_instance_key],
      );
      return rows.map((r) => ({ at: r.at, event: r.event, step: r.name ?? r.element_id, type: r.element_type }));
    },

    async incidents(state?: 'open' | 'resolved'): Promise<Incident[]> {
      const { rows } = await pool.query<{ key: string; process_instance_key: string; bpmn_process_id: string; name: string | null; element_id: string;
        error_type: string; error_message: string; state: string; created_at: Date; resolved_at: Date | null }>(
        `SELECT i.*, e.name FROM incidents i
         LEFT JOIN process_instances pi ON pi.key = i.process_instance_key
         LEFT JOIN process_elements e ON e.process_definition_key = pi.process_definition_key AND e.element_id = i.element_id
         WHERE $1::text IS NULL OR i.state = $1 ORDER BY i.created_at DESC LIMIT 500`,
        [state ?? null],
      );
      return rows.map((r) => ({ key: r.key, processInstanceKey: r.process_instance_key, process: r.bpmn_process_id, step: r.name ?? r.element_id,
        errorType: r.error_type, errorMessage: r.error_message, state: r.state, createdAt: r.created_at, resolvedAt: r.resolved_at }));
    },

    /** Waiting timers and open tasks due before `until`; breached when due before `now`. */
    async deadlines(now: Date, until: Date): Promise<Deadline[]> {
      const { rows } = await pool.query<{ kind: 'timer' | 'task'; key: string; process_instance_key: string; step: string; due_at: Date }>(
        `SELECT 'timer' AS kind, t.key, t.process_instance_key, COALESCE(e.name, t.element_id) AS step, t.due_at
           FROM timers t LEFT JOIN process_elements e ON e.process_definition_key = t.process_definition_key AND e.element_id = t.element_id
           WHERE t.state = 'waiting' AND t.due_at <= $1
         UNION ALL
         SELECT 'task', u.key, u.process_instance_key, COALESCE(e.name, u.element_id), u.due_date
           FROM user_tasks u LEFT JOIN process_elements e ON e.process_definition_key = u.process_definition_key AND e.element_id = u.element_id
           WHERE u.state = 'created' AND u.due_date <= $1
         ORDER BY due_at LIMIT 1000`,
        [until],
      );
      return rows.map((r) => ({ kind: r.kind, key: r.key, processInstanceKey: r.process_instance_key, step: r.step, dueAt: r.due_at, breached: r.due_at < now }));
    },

    /**
     * C11: how contacts since `since` fared against the 2-hour standard, by channel. A contact is answered when its
     * triage is done; triage still open past its due time is a breach in progress. Engine time throughout.
     */
    async responseStandard(since: Date, now: Date): Promise<ResponseStandardRow[]> {
      const { rows } = await pool.query<ResponseStandardRow>(
        `SELECT c.channel,
                count(*)::int AS contacts,
                count(*) FILTER (WHERE u.state = 'completed')::int AS answered,
                count(*) FILTER (WHERE u.state = 'completed' AND u.ended_at <= u.due_date)::int AS "withinStandard",
                count(*) FILTER (WHERE u.state = 'completed' AND u.ended_at > u.due_date)::int AS "answeredLate",
                count(*) FILTER (WHERE u.state = 'created')::int AS open,
                count(*) FILTER (WHERE u.state = 'created' AND u.due_date < $2)::int AS "openBreached",
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM u.ended_at - u.created_at))
                       FILTER (WHERE u.state = 'completed') / 60)::numeric, 1)::float AS "medianMinutes",
                round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM u.ended_at - u.created_at))
                       FILTER (WHERE u.state = 'completed') / 60)::numeric, 1)::float AS "p90Minutes"
           FROM user_tasks u
           JOIN contacts c ON c.process_instance_key = u.process_instance_key
          WHERE u.bpmn_process_id = 'receiving-a-contact' AND u.element_id = 'TriageTheContact' AND u.created_at >= $1
          GROUP BY c.channel ORDER BY c.channel`,
        [since, now],
      );
      return rows;
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
         WHERE case_id = $1 AND form_id IN ('triage-contact', 'decide-next-steps') ORDER BY completed_at, task_key`,
        [caseId],
      );
      return rows.map((r) => ({ formId: r.form_id, completedBy: r.completed_by, completedAt: r.completed_at, data: r.data }));
    },
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;
