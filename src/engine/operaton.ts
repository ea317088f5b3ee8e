// The Operaton REST client: basic auth as the technical user, a timeout on every call, zod on what is read, and the
// engine's failures turned into errors the service answers with (503 unreachable, 404, typed refusals to branch on).
import { z } from 'zod';
import { AppError, engineUnavailable } from '../errors';

export interface EngineClientOptions {
  /** e.g. http://127.0.0.1:8090/engine-rest */
  restUrl: string;
  user: string;
  password: string;
  /** How long a call may take before the engine counts as unreachable; 10 s unless said. */
  timeoutMs?: number;
}

export type Query = Record<string, string | number | boolean | Date | string[] | undefined>;

export interface CallOptions {
  /** What did not happen, for the 503 a caller sees: "The contact was not recorded". */
  consequence?: string;
  timeoutMs?: number;
  query?: Query;
}

export interface EngineClient {
  readonly restUrl: string;
  readonly user: string;
  readonly password: string;
  /** GET, the answer checked against the schema. */
  get<S extends z.ZodTypeAny>(path: string, schema: S, o?: CallOptions): Promise<z.output<S>>;
  /** POST a JSON body, the answer checked against the schema. */
  post<S extends z.ZodTypeAny>(path: string, body: unknown, schema: S, o?: CallOptions): Promise<z.output<S>>;
  /** A command whose answer is not read (204, or a body nobody needs). */
  send(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, o?: CallOptions): Promise<void>;
  /** POST multipart/form-data (deployments), the answer checked against the schema. */
  postForm<S extends z.ZodTypeAny>(path: string, form: FormData, schema: S, o?: CallOptions): Promise<z.output<S>>;
}

/** Operaton's error body: `{ type, message, code }` (code 1 is optimistic locking, whatever the type says). */
const exceptionDto = z.object({ type: z.string(), message: z.string().nullish(), code: z.number().nullish() }).passthrough();

/** Error codes Operaton puts on its exceptions (BuiltinExceptionCode). */
export const OPTIMISTIC_LOCKING_CODE = 1;

/**
 * The engine was reached and refused: 400/404/409, or 500 with one of its exceptions. `type` is the exception's class,
 * e.g. MismatchingMessageCorrelationException, OptimisticLockingException, TaskAlreadyClaimedException,
 * BadUserRequestException; callers branch on it. Its detail, which staff see, names no engine internals.
 */
export class EngineRefusal extends AppError {
  constructor(
    readonly httpStatus: number,
    readonly type: string,
    readonly engineMessage: string,
    readonly code: number | undefined,
    consequence: string,
  ) {
    const [status, title, detail] = refusalProblem(httpStatus, type, code, consequence);
    super(status, title, detail);
    this.name = 'EngineRefusal';
    // Staff see the detail; the message (logs, a worker's incident in Cockpit) also says what the engine said.
    this.message = `${detail} (${httpStatus} ${type}: ${engineMessage})`;
  }

  /** Another transaction changed the same rows at the same moment: doing it again is safe and usually succeeds. */
  get optimisticLocking(): boolean {
    return isTransient(this.type, this.code);
  }
}

// Exceptions the engine answers with 500 although they refuse this request rather than say the engine is failing.
const REFUSALS = new Set(['TaskAlreadyClaimedException', 'NullValueException', 'NotFoundException', 'NotValidException', 'RestException']);

function isTransient(type: string, code: number | undefined): boolean {
  return type === 'OptimisticLockingException' || code === OPTIMISTIC_LOCKING_CODE;
}

function refusalProblem(httpStatus: number, type: string, code: number | undefined, consequence: string): [number, string, string] {
  if (httpStatus === 404) return [404, 'Not found', `${consequence}: it is no longer there.`];
  if (httpStatus >= 500 && !isTransient(type, code) && !REFUSALS.has(type)) {
    return [503, 'The workflow engine is unavailable', `${consequence} because the workflow engine could not complete it. Try again shortly.`];
  }
  return [409, 'The change could not be made now', `${consequence}: it was refused as things stand. Try again shortly.`];
}

/** True for a refusal that doing the same again will likely cure (optimistic locking). */
export function isOptimisticLocking(err: unknown): boolean {
  return err instanceof EngineRefusal && err.optimisticLocking;
}

/** True when the engine answered that nothing was waiting for a message (Zeebe buffered it; Operaton does not). */
export function isMismatchingCorrelation(err: unknown): boolean {
  return err instanceof EngineRefusal && err.type === 'MismatchingMessageCorrelationException';
}

/** Operaton's date and time, as it writes and reads them: 2026-11-24T10:00:00.000+0000. */
export function engineDate(d: Date): string {
  return d.toISOString().replace(/Z$/, '+0000');
}

/** A date and time in an answer; Date reads Operaton's "+0100" offsets as they are. */
export const dateTime = z.string().transform((s, ctx) => {
  const at = new Date(s);
  if (Number.isNaN(at.getTime())) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a date and time` });
  return at;
});

/**
 * Operaton's REST layer wraps some exceptions in a RestException whose message starts with the cause's class name:
 * "org.operaton.bpm.engine.MismatchingMessageCorrelationException: Cannot correlate message …". The cause is the type.
 */
function unwrapped(type: string, message: string): { type: string; message: string } {
  const m = /^(?:[a-z_]\w*\.)+([A-Z]\w*(?:Exception|Error)):\s*([\s\S]*)$/.exec(message);
  return m ? { type: m[1] as string, message: m[2] as string } : { type, message };
}

function queryString(q: Query | undefined): string {
  if (!q) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    params.set(k, Array.isArray(v) ? v.join(',') : v instanceof Date ? engineDate(v) : String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Why a call never got an answer, in words that name no engine internals. */
function transportCause(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

export function createEngineClient(o: EngineClientOptions): EngineClient {
  const base = o.restUrl.replace(/\/$/, '');
  const authorization = `Basic ${Buffer.from(`${o.user}:${o.password}`).toString('base64')}`;
  const defaultTimeout = o.timeoutMs ?? 10_000;

  async function call(method: string, path: string, body: string | FormData | undefined, json: boolean, c: CallOptions = {}): Promise<Response> {
    const consequence = c.consequence ?? 'Nothing was changed';
    const timeoutMs = c.timeoutMs ?? defaultTimeout;
    let res: Response;
    try {
      res = await fetch(`${base}${path}${queryString(c.query)}`, {
        method,
        headers: { authorization, accept: 'application/json', ...(json && body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw engineUnavailable(transportCause(err, timeoutMs), consequence);
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let dto: z.infer<typeof exceptionDto> | undefined;
    try {
      const parsed = exceptionDto.safeParse(JSON.parse(text));
      dto = parsed.success ? parsed.data : undefined;
    } catch {
      dto = undefined;
    }
    // The technical user's password does not match the engine's (ENGINE_USER, ENGINE_PASSWORD): an operator's fix.
    if (res.status === 401) throw engineUnavailable('it refused the service\'s sign-in', consequence);
    if (res.status === 404) {
      const { type, message } = unwrapped(dto?.type ?? 'NotFound', dto?.message ?? `${method} ${path} answered 404`);
      throw new EngineRefusal(404, type, message, dto?.code ?? undefined, consequence);
    }
    if (!dto || res.status === 502 || res.status === 503 || res.status === 504) throw engineUnavailable(`it answered ${res.status}`, consequence);
    const { type, message } = unwrapped(dto.type, dto.message ?? '');
    throw new EngineRefusal(res.status, type, message, dto.code ?? undefined, consequence);
  }

  async function read<S extends z.ZodTypeAny>(res: Response, schema: S, what: string): Promise<z.output<S>> {
    const body: unknown = res.status === 204 ? undefined : await res.json();
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      // The engine answered something this service does not understand: a programming or version error, not a user's.
      throw new Error(`Unexpected answer from the workflow engine to ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return parsed.data as z.output<S>;
  }

  return {
    restUrl: base,
    user: o.user,
    password: o.password,
    get: async (path, schema, c) => read(await call('GET', path, undefined, true, c), schema, `GET ${path}`),
    post: async (path, body, schema, c) => read(await call('POST', path, JSON.stringify(body ?? {}), true, c), schema, `POST ${path}`),
    send: async (method, path, body, c) => {
      const res = await call(method, path, body === undefined ? undefined : JSON.stringify(body), true, c);
      await res.body?.cancel();
    },
    postForm: async (path, form, schema, c) => read(await call('POST', path, form, false, c), schema, `POST ${path}`),
  };
}

// ---- Variables: Operaton's typed values for the ids and routing facts a journey holds, and back.

export type Primitive = string | number | boolean | null;
export type VariableType = 'String' | 'Boolean' | 'Integer' | 'Long' | 'Double' | 'Null';
export interface TypedValue {
  value: Primitive;
  type: VariableType;
}
export type TypedVariables = Record<string, TypedValue>;

/** A variable that is not a string, number, boolean or null: journeys hold ids and routing facts, never documents. */
export class VariableNotPrimitive extends Error {
  constructor(readonly variable: string, kind: string) {
    super(`Variable "${variable}" is ${kind}: process variables are ids and routing facts (string, number, boolean or null)`);
    this.name = 'VariableNotPrimitive';
  }
}

function typed(name: string, v: unknown): TypedValue {
  if (v === null) return { value: null, type: 'Null' };
  switch (typeof v) {
    case 'string':
      return { value: v, type: 'String' };
    case 'boolean':
      return { value: v, type: 'Boolean' };
    case 'number':
      if (!Number.isFinite(v)) throw new VariableNotPrimitive(name, `the number ${v}`);
      if (Number.isInteger(v)) return { value: v, type: v >= -(2 ** 31) && v < 2 ** 31 ? 'Integer' : 'Long' };
      return { value: v, type: 'Double' };
    default:
      throw new VariableNotPrimitive(name, Array.isArray(v) ? 'a list' : v instanceof Date ? 'a Date (send it as text)' : `of type ${typeof v}`);
  }
}

/** Plain values → Operaton's `{ value, type }` map; undefined entries are left out, anything not primitive refused. */
export function toTypedVariables(vars: Record<string, unknown>): TypedVariables {
  const out: TypedVariables = {};
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) out[k] = typed(k, v);
  return out;
}

const PRIMITIVE_TYPES = new Set(['string', 'boolean', 'integer', 'long', 'short', 'double', 'null']);

/**
 * Operaton's `{ value, type }` map → plain values. Dates become Date; Json, Object, Bytes and File are refused, as a
 * journey never holds them.
 */
export function fromTypedVariables(vars: Record<string, { value?: unknown; type?: string | null }>): Record<string, Primitive | Date> {
  const out: Record<string, Primitive | Date> = {};
  for (const [k, { value, type }] of Object.entries(vars)) {
    const t = (type ?? 'Null').toLowerCase();
    if (t === 'date') out[k] = value === null || value === undefined ? null : new Date(value as string | Date);
    else if (PRIMITIVE_TYPES.has(t)) out[k] = (value ?? null) as Primitive;
    else throw new VariableNotPrimitive(k, `of type ${type}`);
  }
  return out;
}
