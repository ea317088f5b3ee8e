import { z } from 'zod';

// The engine host's test clock (present only when the host was started for tests): how tests reach deadlines without
// sleeping. It moves the engine's clock forward and wakes its job executor; the same basic auth as the REST API.

export interface EngineAuth {
  user: string;
  password: string;
}

const clockAnswer = z.object({ epochMilli: z.number() });

async function clock(baseUrl: string, auth: EngineAuth, init: { method: 'GET' } | { method: 'POST'; body: string }): Promise<Date> {
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}/test-support/clock`, {
    ...init,
    headers: {
      authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`,
      ...(init.method === 'POST' ? { 'content-type': 'application/json' } : {}),
    },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`The engine's test clock answered ${res.status}: ${await res.text()} (is the host started with ENGINE_TEST_CLOCK=true?)`);
  return new Date(clockAnswer.parse(await res.json()).epochMilli);
}

/** Moves the engine's clock `ms` forward; answers the engine's time after the move. */
export function addToEngineClock(baseUrl: string, auth: EngineAuth, ms: number): Promise<Date> {
  return clock(baseUrl, auth, { method: 'POST', body: JSON.stringify({ offsetMillis: ms }) });
}

/** The engine's time now: deadlines and breaches are judged on it. */
export function engineNow(baseUrl: string, auth: EngineAuth): Promise<Date> {
  return clock(baseUrl, auth, { method: 'GET' });
}

/**
 * An engine time handed to a worker: a Date variable (Operaton's `${now()}`), or text in ISO 8601, with or without
 * a zone name after it (2026-11-24T10:00:00.123Z[UTC], 2026-11-24T10:00:00.123+0000), which Date cannot all read as they are.
 */
export const engineTime = z.union([
  z.date(),
  z.string().transform((s, ctx) => {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?(?:@[\w/+-]+|\[[\w/+-]+\])?$/.exec(s);
    const zone = m?.[2] ? (m[2] === 'Z' ? 'Z' : m[2].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
    const at = m ? new Date(`${m[1]}${zone}`) : new Date(NaN);
    if (Number.isNaN(at.getTime())) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a date and time` });
    return at;
  }),
]);
