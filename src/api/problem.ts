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

export const notFound: RequestHandler = (_req, res) => {
  // The address is not repeated back: it may hold anything the caller typed.
  sendProblem(res, 404, 'Not found', 'There is nothing at this address.');
};

/**
 * Requests the service cannot read, as Express and its JSON body parser (body-parser) report them: by the error's
 * `type`, or a URIError for a path with a malformed %-escape. Each is answered in plain words; the parser's own
 * message (which quotes the body) is logged, never sent.
 */
const UNREADABLE: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'The request body is not valid JSON', 'Send the fields as one JSON object. Nothing was recorded.'],
  'entity.too.large': [413, 'The request body is too large', 'Send at most 100 kB.'],
  'charset.unsupported': [415, 'The request body is in a character set this service does not take', 'Send JSON in UTF-8: "Content-Type: application/json" or "application/json; charset=utf-8". Nothing was recorded.'],
  'encoding.unsupported': [415, 'The request body is compressed in a way this service does not take', 'Send it uncompressed, or compressed with gzip. Nothing was recorded.'],
  'request.aborted': [400, 'The request body did not arrive in full', 'Send it again. Nothing was recorded.'],
  'request.size.invalid': [400, 'The request body is not the length it says', 'Send it again. Nothing was recorded.'],
  'path.escape': [400, 'The address is not valid', 'It has a % that is not followed by two hexadecimal digits (for example %20). Nothing was recorded.'],
};

/** PostgreSQL refusing a character (22021: NUL or bad UTF-8; 22P05: not in the database's encoding). */
const UNSTORABLE = new Set(['22021', '22P05']);

function unreadable(err: unknown): [number, string, string] | undefined {
  const e = err as { name?: string; type?: string; status?: number; code?: string };
  if (e.type !== undefined && UNREADABLE[e.type]) return UNREADABLE[e.type];
  if (e.name === 'URIError' && e.status === 400) return UNREADABLE['path.escape'];
  // Anything else a library marks as the caller's fault (http-errors: 4xx), in general words.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return [e.status, 'The request could not be read', 'Check the address, the headers and the body, and send it again.'];
  return undefined;
}

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let problem = err;
    if (isDatabaseDown(err)) problem = storeUnavailable((err as Error).message);
    if (problem instanceof AppError) {
      // The message may say more than staff are shown (what the engine answered); it holds ids, never the person.
      if (problem.status >= 500) log.warn('request failed', { method: req.method, path: req.path, status: problem.status, detail: problem.detail, cause: problem.message });
      // A refusal the caller is told in plain words may carry what the engine said: kept for the service team.
      else if (problem.message !== problem.detail) log.info('request refused', { method: req.method, path: req.path, status: problem.status, detail: problem.detail, cause: problem.message });
      sendProblem(res, problem.status, problem.title, problem.detail, problem.errors ? { errors: problem.errors } : {});
      return;
    }
    const request = unreadable(err);
    if (request) {
      log.info('request could not be read', { method: req.method, status: request[0], error: (err as Error).message });
      sendProblem(res, ...request);
      return;
    }
    // A field with no schema of its own let a character through that the database cannot store: the caller's fault,
    // logged as a warning so the missing check is added where the field is read.
    if (UNSTORABLE.has((err as { code?: string }).code ?? '')) {
      log.warn('a request reached the database with a character it cannot store', { method: req.method, path: req.path, error: (err as Error).message });
      sendProblem(res, 400, 'The request holds a character that cannot be stored', 'Remove control characters (such as NUL) and send it again. Nothing was recorded.');
      return;
    }
    log.error('unexpected error', { method: req.method, path: req.path, error: err });
    sendProblem(res, 500, 'Something went wrong', 'The request could not be completed. It has been logged for the service team.');
  };
}
