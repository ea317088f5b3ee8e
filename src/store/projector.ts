// Projects the records the broker exports to Redis streams into the PostgreSQL read model: tasks, timeline, incidents,
// timers. Idempotent by record position; reads its own unacknowledged entries first after a restart; acknowledges
// only what it has committed, so the exporter can trim the streams.
import { hostname } from 'node:os';
import type { Pool, PoolClient } from 'pg';
import { createClient } from 'redis';
import type { Logger } from 'winston';
import BpmnModdle from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { ModdleElement } from '../engine/model-check';
import { EXPORTED_VALUE_TYPES } from '../engine/broker';
import { inTransaction } from './db';

export const CONSUMER_GROUP = 'care-front-door-read-model';

export interface ExportedRecord {
  partitionId: number;
  position: number;
  key: number;
  timestamp: number;
  valueType: string;
  intent: string;
  value: Record<string, unknown>;
}

export interface ProjectorOptions {
  pool: Pool;
  redisUrl: string;
  prefix: string;
  log: Logger;
  /** Stable per service instance, so a restart reads back what it had been given but not acknowledged. */
  consumer?: string;
  batchSize?: number;
}

export interface Projector {
  stop(): Promise<void>;
}

const str = (v: unknown): string => String(v);
const at = (ms: number): Date => new Date(ms);
// User-task dates come as Java ZonedDateTime text, "2026-11-23T02:29:34.409Z[Etc/UTC]": the zone name is dropped.
const optionalDate = (v: unknown): Date | null => (typeof v === 'string' && v ? new Date(v.replace(/\[.*\]$/, '')) : null);

type Apply = (db: PoolClient, r: ExportedRecord) => Promise<void>;

const moddle = new BpmnModdle({ zeebe: zeebeSchema });

async function processDeployed(db: PoolClient, r: ExportedRecord): Promise<void> {
  if (r.intent !== 'CREATED' || typeof r.value.resource !== 'string') return;
  const xml = Buffer.from(r.value.resource, 'base64').toString('utf8');
  const { rootElement } = await moddle.fromXML(xml);
  const rows: [string, string, string | null, string | null][] = [];
  const visit = (el: ModdleElement): void => {
    for (const child of [...((el.rootElements as ModdleElement[] | undefined) ?? []), ...((el.flowElements as ModdleElement[] | undefined) ?? [])]) {
      if (child.id && child.$type !== 'bpmn:SequenceFlow') {
        const ext = (child.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
        const form = ext.find((e) => e.$type === 'zeebe:FormDefinition')?.formId;
        rows.push([child.id, child.$type.replace('bpmn:', ''), child.name ?? null, typeof form === 'string' ? form : null]);
      }
      visit(child);
    }
  };
  visit(rootElement);
  for (const [id, type, name, formId] of rows) {
    await db.query(
      `INSERT INTO process_elements (process_definition_key, element_id, element_type, name, form_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [str(r.value.processDefinitionKey), id, type, name, formId],
    );
  }
}

const TIMELINE_EVENTS: Record<string, string> = { ELEMENT_ACTIVATED: 'entered', ELEMENT_COMPLETED: 'left', ELEMENT_TERMINATED: 'cancelled' };

/** A process instance starting or ending; its element rows go to the timeline in bulk. */
async function processInstance(db: PoolClient, r: ExportedRecord): Promise<void> {
  const v = r.value;
  if (v.bpmnElementType !== 'PROCESS') return;
  const instance = str(v.processInstanceKey);
  if (r.intent === 'ELEMENT_ACTIVATED') {
    const parent = Number(v.parentProcessInstanceKey) > 0 ? str(v.parentProcessInstanceKey) : null;
    await db.query(
      `INSERT INTO process_instances (key, root_key, parent_key, bpmn_process_id, process_definition_key, state, started_at)
       VALUES ($1, COALESCE((SELECT root_key FROM process_instances WHERE key = $2), $2, $1), $2, $3, $4, 'active', $5)
       ON CONFLICT (key) DO NOTHING`,
      [instance, parent, str(v.bpmnProcessId), str(v.processDefinitionKey), at(r.timestamp)],
    );
  } else {
    await db.query('UPDATE process_instances SET state = $2, ended_at = $3 WHERE key = $1', [
      instance, r.intent === 'ELEMENT_COMPLETED' ? 'completed' : 'cancelled', at(r.timestamp),
    ]);
  }
}

async function insertTimeline(db: PoolClient, records: ExportedRecord[]): Promise<void> {
  if (!records.length) return;
  const col = (f: (r: ExportedRecord) => unknown) => records.map(f);
  await db.query(
    `INSERT INTO timeline (partition_id, position, process_instance_key, process_definition_key, element_instance_key, element_id, element_type, event, at)
     SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
     ON CONFLICT DO NOTHING`,
    [col((r) => r.partitionId), col((r) => r.position), col((r) => str(r.value.processInstanceKey)), col((r) => str(r.value.processDefinitionKey)),
      col((r) => str(r.key)), col((r) => str(r.value.elementId)), col((r) => str(r.value.bpmnElementType)), col((r) => TIMELINE_EVENTS[r.intent]),
      col((r) => at(r.timestamp))],
  );
}

const TASK_STATES: Record<string, string> = { CREATED: 'created', ASSIGNED: 'created', UPDATED: 'created', COMPLETED: 'completed', CANCELED: 'cancelled' };

async function userTask(db: PoolClient, r: ExportedRecord): Promise<void> {
  const state = TASK_STATES[r.intent];
  if (!state) return;
  const v = r.value;
  const assignee = typeof v.assignee === 'string' && v.assignee ? v.assignee : null;
  const groups = Array.isArray(v.candidateGroupsList) ? v.candidateGroupsList.map(str) : [];
  const users = Array.isArray(v.candidateUsersList) ? v.candidateUsersList.map(str) : [];
  const ended = state === 'created' ? null : at(r.timestamp);
  // Records of one task can reach us out of order across streams: only a later position changes the row.
  await db.query(
    `INSERT INTO user_tasks (key, process_instance_key, process_definition_key, bpmn_process_id, element_id, element_instance_key,
                             state, assignee, candidate_groups, form_key, due_date, created_at, ended_at, last_position, priority, candidate_users)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (key) DO UPDATE SET state = EXCLUDED.state, assignee = EXCLUDED.assignee, candidate_groups = EXCLUDED.candidate_groups,
       candidate_users = EXCLUDED.candidate_users,
       due_date = EXCLUDED.due_date, priority = EXCLUDED.priority, ended_at = EXCLUDED.ended_at, last_position = EXCLUDED.last_position
     WHERE user_tasks.last_position < EXCLUDED.last_position`,
    [
      str(v.userTaskKey ?? r.key), str(v.processInstanceKey), str(v.processDefinitionKey), str(v.bpmnProcessId), str(v.elementId),
      str(v.elementInstanceKey), state, assignee, groups, v.formKey !== undefined && Number(v.formKey) > 0 ? str(v.formKey) : null,
      optionalDate(v.dueDate), at(Number(v.creationTimestamp) > 0 ? Number(v.creationTimestamp) : r.timestamp), ended, r.position,
      Number.isInteger(v.priority) ? v.priority : 50, users,
    ],
  );
}

async function incident(db: PoolClient, r: ExportedRecord): Promise<void> {
  const v = r.value;
  if (r.intent === 'CREATED') {
    await db.query(
      `INSERT INTO incidents (key, process_instance_key, bpmn_process_id, element_id, job_key, error_type, error_message, state, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8) ON CONFLICT (key) DO NOTHING`,
      [str(r.key), str(v.processInstanceKey), str(v.bpmnProcessId), str(v.elementId), Number(v.jobKey) > 0 ? str(v.jobKey) : null,
        str(v.errorType), str(v.errorMessage), at(r.timestamp)],
    );
  } else if (r.intent === 'RESOLVED') {
    await db.query(`UPDATE incidents SET state = 'resolved', resolved_at = $2 WHERE key = $1`, [str(r.key), at(r.timestamp)]);
  }
}

async function timer(db: PoolClient, r: ExportedRecord): Promise<void> {
  const v = r.value;
  if (r.intent === 'CREATED') {
    await db.query(
      `INSERT INTO timers (key, process_instance_key, process_definition_key, element_id, due_at, state)
       VALUES ($1, $2, $3, $4, $5, 'waiting') ON CONFLICT (key) DO NOTHING`,
      [str(r.key), str(v.processInstanceKey), str(v.processDefinitionKey), str(v.targetElementId), at(Number(v.dueDate))],
    );
  } else if (r.intent === 'TRIGGERED' || r.intent === 'CANCELED') {
    await db.query('UPDATE timers SET state = $2, ended_at = $3 WHERE key = $1', [
      str(r.key), r.intent === 'TRIGGERED' ? 'fired' : 'cancelled', at(r.timestamp),
    ]);
  }
}

const APPLY: Record<(typeof EXPORTED_VALUE_TYPES)[number], Apply> = {
  PROCESS: processDeployed,
  PROCESS_INSTANCE: processInstance,
  USER_TASK: userTask,
  INCIDENT: incident,
  TIMER: timer,
};

/** Whether a record changes the read model; most do not (activating, completing, sequence flows), and are only acknowledged. */
export function changesReadModel(r: ExportedRecord): boolean {
  switch (r.valueType) {
    case 'PROCESS':
      return r.intent === 'CREATED';
    case 'PROCESS_INSTANCE':
      return r.intent in TIMELINE_EVENTS && r.value.bpmnElementType !== 'SEQUENCE_FLOW';
    case 'USER_TASK':
      return r.intent in TASK_STATES;
    case 'INCIDENT':
      return r.intent === 'CREATED' || r.intent === 'RESOLVED';
    case 'TIMER':
      return r.intent === 'CREATED' || r.intent === 'TRIGGERED' || r.intent === 'CANCELED';
    default:
      return false;
  }
}

/** Applies records once each, in log order, in one transaction; returns how many were new. */
export async function project(pool: Pool, records: ExportedRecord[]): Promise<number> {
  const relevant = records.filter(changesReadModel).sort((a, b) => a.partitionId - b.partitionId || a.position - b.position);
  if (!relevant.length) return 0;
  return inTransaction(pool, async (db) => {
    const { rows } = await db.query<{ partition_id: number; position: string }>(
      `INSERT INTO projected_records (partition_id, position) SELECT * FROM unnest($1::int[], $2::bigint[])
       ON CONFLICT DO NOTHING RETURNING partition_id, position`,
      [relevant.map((r) => r.partitionId), relevant.map((r) => r.position)],
    );
    const fresh = new Set(rows.map((r) => `${r.partition_id}:${r.position}`));
    const apply = relevant.filter((r) => fresh.has(`${r.partitionId}:${r.position}`));
    await insertTimeline(db, apply.filter((r) => r.valueType === 'PROCESS_INSTANCE'));
    for (const r of apply) {
      if (r.valueType !== 'PROCESS_INSTANCE' || r.value.bpmnElementType === 'PROCESS') await APPLY[r.valueType as keyof typeof APPLY](db, r);
    }
    return apply.length;
  });
}

/** Removes a prefix's exported streams: for tests and benchmarks that ran a broker of their own. */
export async function deleteExportStreams(redisUrl: string, prefix: string): Promise<void> {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  try {
    await redis.del(EXPORTED_VALUE_TYPES.map((t) => `${prefix}:${t}`));
  } finally {
    await redis.quit();
  }
}

export async function startProjector(o: ProjectorOptions): Promise<Projector> {
  let connected = false;
  const redis = createClient({
    url: o.redisUrl,
    socket: {
      // At start-up, a Redis that is not there is reported after a few tries; once running, reconnect without end.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(retries * 200, 5_000) : retries < 5 ? 200 : new Error(`Redis at ${o.redisUrl} could not be reached (${cause.message}); start it or set REDIS_URL.`),
    },
  });
  redis.on('error', (err: Error) => o.log.warn('read-model redis connection', { error: err.message }));
  await redis.connect();
  connected = true;
  const streams = EXPORTED_VALUE_TYPES.map((t) => `${o.prefix}:${t}`);
  for (const key of streams) {
    try {
      await redis.xGroupCreate(key, CONSUMER_GROUP, '0', { MKSTREAM: true });
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
  }
  const consumer = o.consumer ?? `projector-${hostname()}`;
  let running = true;
  // '0' re-reads what this consumer was given before a restart but never acknowledged; then '>' for new entries.
  let cursor = '0';
  const loop = (async () => {
    while (running) {
      try {
        const reply = await redis.xReadGroup(CONSUMER_GROUP, consumer, streams.map((key) => ({ key, id: cursor })), {
          COUNT: o.batchSize ?? 500,
          BLOCK: cursor === '>' ? 200 : undefined,
        });
        const batches = (reply ?? []) as { name: string; messages: { id: string; message: Record<string, string> | null }[] }[];
        if (batches.every((b) => b.messages.length === 0)) {
          cursor = '>';
          continue;
        }
        // A pending entry the exporter has since trimmed comes back without a body: nothing to project, only to acknowledge.
        const records = batches.flatMap((b) => b.messages.flatMap((m) => (m.message ? [JSON.parse(Object.values(m.message)[0] ?? '{}') as ExportedRecord] : [])));
        await project(o.pool, records);
        for (const b of batches) {
          if (b.messages.length) await redis.xAck(b.name, CONSUMER_GROUP, b.messages.map((m) => m.id));
        }
      } catch (err) {
        if (!running) break;
        o.log.warn('read-model projection failed; retrying', { error: (err as Error).message });
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await redis.quit();
    },
  };
}
