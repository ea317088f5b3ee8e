// The one shape every external-task worker has: decode variables (zod), call a use case, map the result to complete /
// BPMN error / failure. The topics are served by camunda-external-task-client-js (long polling) through startWorkers.
import { hostname } from 'node:os';
import type { Logger } from 'winston';
import type { z } from 'zod';
import { Client, Variables, type EngineError, type Task, type TaskService } from 'camunda-external-task-client-js';
import { fromTypedVariables, toTypedVariables, VariableNotPrimitive, type EngineClient, type TypedVariables } from './operaton';

export interface JobContext {
  externalTaskId: string;
  processInstanceId: string;
  /** The service task's id in the model. */
  activityId: string;
  /** The case id (contact id) of a person's journey; null for the RAC meeting. */
  businessKey: string | null;
}

/** A business outcome the model catches with an error event; anything thrown is a technical fault and is retried. */
export class BusinessOutcome extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BusinessOutcome';
  }
}

export interface JobWorker<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  /** The external-task topic (camunda:topic in the model). */
  type: string;
  input: I;
  output: O;
  handle(variables: z.output<I>, job: JobContext): Promise<z.input<O>>;
}

export function defineWorker<I extends z.AnyZodObject, O extends z.AnyZodObject>(w: JobWorker<I, O>): JobWorker<I, O> {
  return w;
}

/** Retries a service task has before its failure becomes an incident (the models declare none: the worker does). */
export const DECLARED_RETRIES = 5;

/** 1 s, 2 s, 4 s … as retries run out, capped at a minute. */
export function retryBackOff(retriesLeft: number, declaredRetries = DECLARED_RETRIES): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, declaredRetries - retriesLeft));
}

function variableNames(schema: z.ZodTypeAny): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * The part of a locked external task a worker uses, with the three ways of ending it. The runtime below adapts the
 * external-task client's task to it; tests hand in their own. A refusal by the engine is thrown with its HTTP status
 * (`httpStatusCode` or `status`) and exception `type`.
 */
export interface Job {
  externalTaskId: string;
  processInstanceId: string;
  activityId: string;
  businessKey: string | null;
  /** Retries left as the engine counts them; null until the first failure. */
  retries: number | null;
  /** Operaton's typed variables, as fetched (only the names the worker's input schema has). */
  variables: Record<string, { value?: unknown; type?: string | null }>;
  complete(variables: TypedVariables): Promise<void>;
  handleFailure(f: { errorMessage: string; retries: number; retryTimeout: number }): Promise<void>;
  handleBpmnError(e: { errorCode: string; errorMessage: string }): Promise<void>;
}

export type JobOutcome = 'completed' | 'bpmn-error' | 'failed' | 'gone' | 'left-locked';

interface Refusal {
  status?: number;
  type?: string;
  code?: number;
}

function refusalOf(err: unknown): Refusal {
  const e = err as { httpStatusCode?: number; status?: number; type?: string; code?: unknown };
  return { status: e.httpStatusCode ?? e.status, type: typeof e.type === 'string' ? e.type : undefined, code: typeof e.code === 'number' ? e.code : undefined };
}

/** Gone: the task no longer exists (its instance moved on or was cancelled) or another worker holds it now. */
function isGone(r: Refusal): boolean {
  return r.status === 404 || (r.status === 400 && r.type === 'BadUserRequestException');
}

/** Worth doing again at once: a concurrent transaction won (optimistic locking), or the engine did not answer. */
function isRetryable(r: Refusal): boolean {
  return r.type === 'OptimisticLockingException' || r.code === 1 || r.status === undefined || r.status >= 502;
}

const ACK_ATTEMPTS = 6;

/**
 * Sends one of complete / BPMN error / failure, doing it again while a concurrent transaction wins or the engine is
 * briefly away (about 3 s in all). Still refused, the task stays locked to this worker and is fetched again when the
 * lock expires: the work is idempotent, so it is done again, never lost.
 */
async function acknowledge(send: () => Promise<void>, what: Exclude<JobOutcome, 'gone' | 'left-locked'>, meta: object, log: Logger): Promise<JobOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send();
      return what;
    } catch (err) {
      const r = refusalOf(err);
      if (isGone(r)) {
        // The work is idempotent and done; there is nothing to undo, and failing the task would be refused the same way.
        log.info('job was gone when completed', { ...meta, error: (err as Error).message });
        return 'gone';
      }
      if (!isRetryable(r) || attempt >= ACK_ATTEMPTS) {
        log.error('the engine did not take the job\'s result; it will be done again when its lock expires', { ...meta, outcome: what, attempts: attempt, error: (err as Error).message });
        return 'left-locked';
      }
      log.debug('the engine refused the job\'s result for now; sending it again', { ...meta, outcome: what, attempt, error: (err as Error).message });
      await new Promise((res) => setTimeout(res, 100 * 2 ** (attempt - 1) * (0.5 + Math.random())));
    }
  }
}

/** Runs one external task through a worker and ends it on every path: complete, BPMN error or failure. */
export async function handleJob(w: JobWorker, job: Job, log: Logger): Promise<JobOutcome> {
  const ctx: JobContext = { externalTaskId: job.externalTaskId, processInstanceId: job.processInstanceId, activityId: job.activityId, businessKey: job.businessKey };
  const meta = { externalTaskId: ctx.externalTaskId, processInstanceId: ctx.processInstanceId, activityId: ctx.activityId, topic: w.type };
  const incident = (errorMessage: string) => acknowledge(() => job.handleFailure({ errorMessage, retries: 0, retryTimeout: 0 }), 'failed', meta, log);

  let variables: Record<string, unknown>;
  try {
    variables = fromTypedVariables(job.variables);
  } catch (err) {
    log.error('job variables are not ids and routing facts', { ...meta, error: (err as Error).message });
    return incident((err as Error).message);
  }
  const input = w.input.safeParse(variables);
  if (!input.success) {
    // Retrying cannot mend the variables: straight to an incident that names the fields.
    const fields = input.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    log.error('job variables do not match the worker schema', { ...meta, fields });
    return incident(`Variables do not match: ${fields}`);
  }
  let output: TypedVariables;
  try {
    output = toTypedVariables(w.output.parse(await w.handle(input.data, ctx)) as Record<string, unknown>);
  } catch (err) {
    if (err instanceof BusinessOutcome) {
      log.info('business outcome', { ...meta, errorCode: err.code });
      return acknowledge(() => job.handleBpmnError({ errorCode: err.code, errorMessage: err.message }), 'bpmn-error', meta, log);
    }
    if (err instanceof VariableNotPrimitive) {
      // The worker's own output is wrong: a fault in this service that retrying will not mend.
      log.error('job output is not ids and routing facts', { ...meta, error: err.message });
      return incident(err.message);
    }
    // The engine says null before the first failure: the declared retries are all still there.
    const left = job.retries ?? DECLARED_RETRIES;
    const retries = Math.max(0, left - 1);
    log.warn('job failed', { ...meta, retriesLeft: retries, error: (err as Error).message });
    // The last failure raises the incident with no back-off, so a retry given in Cockpit runs at once.
    const retryTimeout = retries === 0 ? 0 : retryBackOff(left);
    return acknowledge(() => job.handleFailure({ errorMessage: (err as Error).message, retries, retryTimeout }), 'failed', meta, log);
  }
  const outcome = await acknowledge(() => job.complete(output), 'completed', meta, log);
  if (outcome === 'completed') log.debug('job completed', meta);
  return outcome;
}

export interface WorkerOptions {
  /** Tasks fetched at once, over every topic; what this 2-core service runs side by side. */
  maxTasks?: number;
  /** How long a fetch waits for work before it is asked again. Also how long close() may wait for it. */
  asyncResponseTimeoutMs?: number;
  /** How long a task stays locked to this service; past it another may take the task and do it again. */
  lockDurationMs?: number;
  /** Told apart in Cockpit ("locked by"): host and process unless said. */
  workerId?: string;
}

const POLL_INTERVAL = 50;

export interface RunningWorkers {
  /** Stops fetching, hands back what it fetched but had not started, and waits for the tasks in hand. */
  close(): Promise<void>;
}

function adapt(task: Task, taskService: TaskService): Job {
  return {
    externalTaskId: task.id,
    processInstanceId: task.processInstanceId,
    activityId: task.activityId,
    businessKey: task.businessKey ?? null,
    retries: task.retries,
    variables: task.variables.getAllTyped(),
    complete: (vars) => taskService.complete(task, new Variables().setAllTyped(vars)),
    handleFailure: (f) => taskService.handleFailure(task, f),
    handleBpmnError: (e) => taskService.handleBpmnError(task, e.errorCode, e.errorMessage),
  };
}

/**
 * Serves every worker's topic from one long-polling fetch against the engine, as the technical user. A fetch that
 * fails (engine away) is asked again with a growing pause, and said once in the log, not on every try.
 */
export function startWorkers(engine: EngineClient, workers: JobWorker[], log: Logger, o: WorkerOptions = {}): RunningWorkers {
  const asyncResponseTimeout = o.asyncResponseTimeoutMs ?? 2_000;
  const maxTasks = o.maxTasks ?? 32;
  const authorization = `Basic ${Buffer.from(`${engine.user}:${engine.password}`).toString('base64')}`;
  // The fetch under way, if the client's last poll made one (it skips the request while maxTasks are in hand).
  let fetchEnded: Promise<void> | undefined;
  let endFetch: () => void = () => undefined;
  const client = new Client({
    baseUrl: engine.restUrl,
    workerId: o.workerId ?? `care-front-door@${hostname()}:${process.pid}`,
    maxTasks,
    maxParallelExecutions: maxTasks,
    asyncResponseTimeout,
    lockDuration: o.lockDurationMs ?? 30_000,
    // The pause between polls; a poll waits for work itself (long polling). Raised while the engine is away.
    interval: POLL_INTERVAL,
    autoPoll: false,
    // Called as each request is made, before it is sent.
    interceptors: (req) => {
      const fetch = req.json !== undefined && 'topics' in req.json;
      if (fetch) fetchEnded = new Promise((r) => (endFetch = r));
      return {
        ...req,
        headers: { ...req.headers, authorization },
        // A fetch waits up to asyncResponseTimeout for work; every other call gets 10 s.
        timeout: { request: (fetch ? asyncResponseTimeout : 0) + 10_000 },
      };
    },
  });

  let closed = false;
  let failing = false;
  const inHand = new Set<Promise<unknown>>();
  const fetched = () => {
    fetchEnded = undefined;
    endFetch();
  };
  client.on('poll:success', () => {
    fetched();
    if (failing) log.info('workers reach the workflow engine again');
    failing = false;
    client.options.interval = POLL_INTERVAL;
  });
  client.on('poll:error', (err: Error) => {
    fetched();
    if (!failing && !closed) log.warn('workers cannot reach the workflow engine; trying again', { error: err.message });
    failing = true;
    // The client asks again after `interval`: back off to 5 s while the engine is away, instead of spinning.
    client.options.interval = Math.min(5_000, Math.max(250, client.options.interval * 2));
  });
  // handleJob catches what a handler throws; this would be a fault in the runtime itself.
  client.on('handler:error', (err: Error) => log.error('worker runtime error', { error: err.message }));

  for (const w of workers) {
    client.subscribe(w.type, { variables: variableNames(w.input) }, ({ task, taskService }) => {
      const work = closed
        // Fetched as we stopped: hand it back at once rather than leave it locked until the lock expires.
        ? taskService.unlock(task).catch((err: EngineError) => log.warn('could not hand back a task on stopping', { externalTaskId: task.id, error: err.message }))
        : handleJob(w, adapt(task, taskService), log);
      inHand.add(work);
      return work.then(() => undefined, () => undefined).finally(() => inHand.delete(work));
    });
  }
  if (workers.length) client.start();
  log.info('workers started', { topics: workers.length, maxTasks, asyncResponseTimeoutMs: asyncResponseTimeout });

  return {
    close: async () => {
      if (closed) return;
      closed = true;
      client.stop();
      // The fetch under way is not cut off: the engine may already have locked tasks for it, which would then wait
      // for their locks to expire. It ends within asyncResponseTimeout, and what it brings is handed back above.
      if (fetchEnded) await fetchEnded;
      await new Promise((r) => setImmediate(r));
      while (inHand.size) await Promise.all([...inHand]);
    },
  };
}
