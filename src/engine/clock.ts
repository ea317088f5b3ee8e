import { z } from 'zod';

// Moves a controlled broker clock (ZEEBE_CLOCK_CONTROLLED=true) through the management endpoint: how tests reach deadlines.
export async function addToBrokerClock(managementAddress: string, ms: number): Promise<Date> {
  const res = await fetch(`${managementAddress}/actuator/clock/add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ offsetMilli: ms }),
  });
  if (!res.ok) throw new Error(`Moving the broker clock failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { epochMilli: number };
  return new Date(body.epochMilli);
}

export async function brokerNow(managementAddress: string): Promise<Date> {
  const res = await fetch(`${managementAddress}/actuator/clock`);
  if (!res.ok) throw new Error(`Reading the broker clock failed: ${res.status}`);
  return new Date(((await res.json()) as { epochMilli: number }).epochMilli);
}

/**
 * An engine time handed to a worker as FEEL's string(now()): ISO 8601 with the zone's name after it, e.g.
 * 2026-11-24T10:00:00.123Z[UTC] or 2026-11-24T10:00:00.123@UTC, which Date cannot read as it is.
 */
export const engineTime = z.string().transform((s, ctx) => {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?(?:@[\w/+-]+|\[[\w/+-]+\])?$/.exec(s);
  const at = m ? new Date(`${m[1]}${m[2] ?? 'Z'}`) : new Date(NaN);
  if (Number.isNaN(at.getTime())) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a date and time` });
  return at;
});
