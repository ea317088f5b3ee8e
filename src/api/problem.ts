// RFC 9457 problem+json for every error the API returns, with field-level detail for bad input.
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'winston';
import { z } from 'zod';
import { AppError, storeUnavailable, type FieldError } from '../errors';

export function sendProblem(res: Response, status: number, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, detail, ...extra });
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    pointer: `#/${i.path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`,
    detail: i.message,
  }));
}

const TYPE_WORDS: Partial<Record<string, string>> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a group of fields' };

/**
 * Zod's own wording ("Required", "Invalid enum value. Expected …") in words staff can act on. Messages a schema gives
 * itself are kept: zod only asks this map for issues that have none.
 */
export const plainWords: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: issue.received === 'undefined' ? 'is required' : `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}` };
    case z.ZodIssueCode.invalid_enum_value:
    case z.ZodIssueCode.invalid_union_discriminator:
      return { message: `must be one of: ${issue.options.join(', ')}` };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `has fields this does not take: ${issue.keys.join(', ')}` };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return { message: issue.minimum === 1 ? 'cannot be empty' : `needs at least ${issue.minimum} characters` };
      if (issue.type === 'array') return { message: `needs at least ${issue.minimum}` };
      break;
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `can be at most ${issue.maximum} characters` };
      if (issue.type === 'array') return { message: `can have at most ${issue.maximum}` };
      break;
    default:
      break;
  }
  return { message: ctx.defaultError };
};

/** The 400 for fields that need correcting: nothing was recorded. */
export function invalidFields(errors: FieldError[]): AppError {
  const count = errors.length === 1 ? '1 field needs' : `${errors.length} fields need`;
  return new AppError(400, 'The request has invalid fields', `${count} correcting; nothing was recorded.`, errors);
}

/** Parses with a schema; bad input becomes a 400 naming each field, in plain words. */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body, { errorMap: plainWords });
  if (!parsed.success) throw invalidFields(fieldErrors(parsed.error));
  return parsed.data as z.output<S>;
}

// Connection failures from pg: refused, reset, timed out, or the server shutting down.
const DB_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08001', '08006']);

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (e.code !== undefined && DB_DOWN.has(e.code)) || /timeout exceeded when trying to connect|Connection terminated/i.test(e.message ?? '');
}

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'Not found', `There is nothing at ${req.method} ${req.path}.`);
};

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let problem = err;
    if (isDatabaseDown(err)) problem = storeUnavailable((err as Error).message);
    if (problem instanceof AppError) {
      // The message may say more than staff are shown (what the engine answered); it holds ids, never the person.
      if (problem.status >= 500) log.warn('request failed', { method: req.method, path: req.path, status: problem.status, detail: problem.detail, cause: problem.message });
      sendProblem(res, problem.status, problem.title, problem.detail, problem.errors ? { errors: problem.errors } : {});
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      sendProblem(res, 400, 'The request body is not valid JSON', e.message ?? 'Malformed JSON.');
      return;
    }
    if (e.type === 'entity.too.large') {
      sendProblem(res, 413, 'The request body is too large', 'Send at most 100 kB.');
      return;
    }
    log.error('unexpected error', { method: req.method, path: req.path, error: err });
    sendProblem(res, 500, 'Something went wrong', 'The request could not be completed. It has been logged for the service team.');
  };
}
