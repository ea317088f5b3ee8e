// What operations staff read, judged on the engine's clock: deadlines due within a window and breached, and the 2-hour
// standard by channel over a period. The API's operations routes and the staff app's operations page both call these.
import { describeDuration, durationMs } from './contact';

/** The engine's clock: deadlines and breaches are judged on the time the engine keeps (tests move it). */
export type EngineNow = () => Promise<Date>;

/** The counts of one channel against the 2-hour standard (C11). */
export interface StandardCounts { contacts: number; answered: number; withinStandard: number; answeredLate: number; open: number; openBreached: number }

const COUNTS = ['contacts', 'answered', 'withinStandard', 'answeredLate', 'open', 'openBreached'] as const;

/** Waiting timers and open tasks due from now until `within` (an ISO 8601 duration) has passed, and how many are breached already. */
export async function deadlinesDue<D extends { breached: boolean }>(
  deps: { readModel: { deadlines(now: Date, until: Date): Promise<D[]> }; engineNow: EngineNow }, within: string,
): Promise<{ now: Date; within: string; deadlines: D[]; breaches: number }> {
  const now = await deps.engineNow();
  const deadlines = await deps.readModel.deadlines(now, new Date(now.getTime() + durationMs(within)));
  return { now, within: describeDuration(within), deadlines, breaches: deadlines.filter((d) => d.breached).length };
}

/** C11: how contacts over the last `over` (an ISO 8601 duration) fared against the 2-hour standard, by channel and in total. */
export async function responseStandardOver<R extends StandardCounts>(
  deps: { readModel: { responseStandard(since: Date, now: Date): Promise<R[]> }; engineNow: EngineNow }, over: string,
): Promise<{ standard: string; over: string; now: Date; total: StandardCounts; byChannel: R[] }> {
  const now = await deps.engineNow();
  const byChannel = await deps.readModel.responseStandard(new Date(now.getTime() - durationMs(over)), now);
  const total = Object.fromEntries(COUNTS.map((k) => [k, byChannel.reduce((n, r) => n + r[k], 0)])) as unknown as StandardCounts;
  return { standard: 'Every contact triaged within 2 hours (C11)', over: describeDuration(over), now, total, byChannel };
}
