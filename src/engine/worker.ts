// The one shape every job worker has: decode variables (zod), call a use case, map the result to complete / BPMN error / fail.
import type { Logger } from 'winston';
import type { z } from 'zod';
import { JOB_ACTION_ACKNOWLEDGEMENT, type IOutputVariables, type ZBCustomLogger, type ZeebeJob } from '@camunda8/sdk/dist/zeebe/types';
import type { Zeebe } from './zeebe';

export interface JobContext {
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
}

/** A business outcome the model catches with an error event; anything thrown is a technical fault and is retried. */
export class BusinessOutcome extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BusinessOutcome';
  }
}

export interface JobWorker<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  type: string;
  input: I;
  output: O;
  handle(variables: z.output<I>, job: JobContext): Promise<z.input<O>>;
}

export function defineWorker<I extends z.AnyZodObject, O extends z.AnyZodObject>(w: JobWorker<I, O>): JobWorker<I, O> {
  return w;
}

const GRPC_NOT_FOUND = 5;

/** 1 s, 2 s, 4 s … as retries run out, capped at a minute. */
export function retryBackOff(retriesLeft: number, declaredRetries = 5): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, declaredRetries - retriesLeft));
}

function variableNames(schema: z.ZodTypeAny): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** The part of a Zeebe job a worker uses; the SDK's job satisfies it. */
export type Job = Pick<ZeebeJob, 'key' | 'processInstanceKey' | 'elementId' | 'retries' | 'complete' | 'fail' | 'error'> & { variables: unknown };

/** Runs one job through a worker and acknowledges it on every path: complete, BPMN error or fail. */
export async function handleJob(w: JobWorker, job: Job, log: Logger): Promise<JOB_ACTION_ACKNOWLEDGEMENT> {
  const ctx: JobContext = { jobKey: job.key, processInstanceKey: job.processInstanceKey, elementId: job.elementId };
  const meta = { ...ctx, jobType: w.type };
  const input = w.input.safeParse(job.variables);
  if (!input.success) {
    // Retrying cannot mend the variables: straight to an incident that names the fields.
    const fields = input.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    log.error('job variables do not match the worker schema', { ...meta, fields });
    return job.fail({ errorMessage: `Variables do not match: ${fields}`, retries: 0 });
  }
  let output: IOutputVariables;
  try {
    output = w.output.parse(await w.handle(input.data, ctx)) as IOutputVariables;
  } catch (err) {
    if (err instanceof BusinessOutcome) {
      log.info('business outcome', { ...meta, errorCode: err.code });
      return job.error({ errorCode: err.code, errorMessage: err.message, variables: {} });
    }
    const retries = Math.max(0, job.retries - 1);
    log.warn('job failed', { ...meta, retriesLeft: retries, error: (err as Error).message });
    return job.fail({ errorMessage: (err as Error).message, retries, retryBackOff: retryBackOff(job.retries) });
  }
  try {
    const ack = await job.complete(output);
    log.debug('job completed', meta);
    return ack;
  } catch (err) {
    // NOT_FOUND: the job timed out and was done again elsewhere, or its instance was cancelled. The work is
    // idempotent, so there is nothing to undo; failing the job would be rejected the same way.
    if ((err as { code?: number }).code !== GRPC_NOT_FOUND) throw err;
    log.info('job was gone when completed', { ...meta, error: (err as Error).message });
    return JOB_ACTION_ACKNOWLEDGEMENT;
  }
}

/** The SDK's worker logging, sent through our redacting logger instead of straight to the console. */
function sdkLogger(log: Logger): ZBCustomLogger {
  const to = (level: 'debug' | 'info' | 'error') => (message: string) => {
    let entry: { message?: unknown; taskType?: unknown };
    try {
      entry = JSON.parse(message) as typeof entry;
    } catch {
      entry = { message };
    }
    log.log(level, 'zeebe client', { detail: entry.message, jobType: entry.taskType });
  };
  return { debug: to('debug'), info: to('info'), error: to('error') };
}

export function startWorkers(zeebe: Zeebe, workers: JobWorker[], log: Logger): { close(): Promise<void> } {
  const stdout = sdkLogger(log);
  const running = workers.map((w) =>
    zeebe.createWorker({
      taskType: w.type,
      stdout,
      fetchVariable: variableNames(w.input),
      maxJobsToActivate: 32,
      timeout: 30_000,
      taskHandler: (job) => handleJob(w, job, log),
    }),
  );
  return {
    close: async () => {
      await Promise.all(running.map((r) => r.close()));
    },
  };
}
