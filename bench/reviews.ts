// Benchmark: BENCH_PEOPLE (10,000) people whose support started today, each with a reviews journey waiting on its
// 6-week timer on one engine host (started with its test clock); then the engine's clock is moved past the reviews
// (POST /test-support/clock), and the time until every review task is visible through the service's task API is
// measured. Prints the figures. Run with `npm run bench:reviews`.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { z } from 'zod';
import { DEFAULT_DEV_SECRET, signDevToken } from '../src/api/auth';
import { addToEngineClock, engineNow } from '../src/engine/clock';
import { createReviewEngine } from '../src/engine/journeys';
import { initialReviewDueAt } from '../src/domain/reviews';
import { inParallel, runBench, stackMemory, until, withStack } from './stack';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const CONCURRENCY = 50;
const DAY = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  await withStack('bench-reviews', async (stack) => {
    const { engine, databaseUrl, apiUrl, client } = stack;
    const auth = { user: engine.user, password: engine.password };
    const count = async (path: string, query: Record<string, string | boolean>) =>
      (await client.get(path, z.object({ count: z.number() }), { query })).count;
    const db = new Pool({ connectionString: databaseUrl, max: 10 });
    try {
      // The people, each with support arranged by Pat after an allocated assessment.
      const contacts = Array.from({ length: PEOPLE }, () => randomUUID());
      const referrals = contacts.map(() => randomUUID());
      for (let from = 0; from < PEOPLE; from += 1000) {
        const c = contacts.slice(from, from + 1000);
        const r = referrals.slice(from, from + 1000);
        await db.query(
          `INSERT INTO contacts (id, channel, made_by, person, presenting_issue, flags)
           SELECT id, 'phone', '{"kind":"the-person"}', '{"name":"Bench Person"}', 'Benchmark support', '{}' FROM unnest($1::uuid[]) AS id`, [c]);
        await db.query(
          `INSERT INTO referrals (id, contact_id, status, team, allocated_worker, allocated_at)
           SELECT r, c, 'allocated', 'community-solutions-north', 'pat.practitioner', now() FROM unnest($1::uuid[], $2::uuid[]) AS x (r, c)`, [r, c]);
      }
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(await engineNow(engine.baseUrl, auth));

      // Support starts: the message the start-reviews job sends, once per person, as it sends it (its guard against a
      // second start included: the engine does not refuse a message id it has seen, as Zeebe did).
      const reviewEngine = createReviewEngine(client);
      const t0 = Date.now();
      await inParallel(PEOPLE, CONCURRENCY, async (i) => {
        await reviewEngine.supportStarted({
          referralId: referrals[i]!, contactId: contacts[i]!, allocatedWorker: 'pat.practitioner', supportStartsOn: today, initialReviewDueAt: initialReviewDueAt(today).toISOString(),
        });
      });
      const publishMs = Date.now() - t0;
      // Each journey keeps itself on the person's record and decides on advocacy (none is due here) beside its 6-week
      // timer: the clock moves only once every journey waits on its timer alone, as the engine shows them: a timer each,
      // no external task left and no other job (the asyncBefore join) still to run.
      const journeys = { processDefinitionKey: 'reviewing-care-and-support' };
      const timers = () => count('/job/count', { ...journeys, timers: true, activityId: 'SixWeeksOn' });
      await until(async () => (await timers()) >= PEOPLE
        && (await count('/external-task/count', journeys)) === 0
        && (await count('/job/count', journeys)) === PEOPLE, 'every journey to wait on its 6-week timer alone', 900_000, 250);
      const startedMs = Date.now() - t0;

      const token = await signDevToken(DEFAULT_DEV_SECRET, { id: 'pat.practitioner', groups: ['practitioners'] });
      const visible = async () => {
        const res = await fetch(`${apiUrl}/api/tasks?assignee=pat.practitioner&state=created&pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`GET /api/tasks answered ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { total: number }).total;
      };
      if ((await visible()) !== 0) throw new Error('review tasks were visible before their time');

      // Six weeks and a day on: every review falls due at once.
      const moved = Date.now();
      await addToEngineClock(engine.baseUrl, auth, 43 * DAY);
      let firstMs: number | undefined;
      // While the engine fires every timer at once, an inbox read may take longer than the API waits (503): counted
      // and reported, as a practitioner would have met it, and asked again.
      const refused: { atSeconds: number; detail: string }[] = [];
      await until(async () => {
        let n: number;
        try {
          n = await visible();
        } catch (err) {
          refused.push({ atSeconds: +((Date.now() - moved) / 1000).toFixed(1), detail: (err as Error).message.slice(0, 200) });
          if (refused.length > 50) throw err;
          return false;
        }
        if (n > 0 && firstMs === undefined) firstMs = Date.now() - moved;
        return n >= PEOPLE;
      }, 'every review task to be visible', 1_800_000);
      const allMs = Date.now() - moved;
      console.log(JSON.stringify({
        engine: 'operaton',
        people: PEOPLE,
        supportStartedMessagesSeconds: +(publishMs / 1000).toFixed(1),
        everyTimerSetSeconds: +(startedMs / 1000).toFixed(1),
        afterTheClockMoved: { firstReviewVisibleSeconds: +((firstMs ?? allMs) / 1000).toFixed(1), everyReviewVisibleSeconds: +(allMs / 1000).toFixed(1), reviewsPerSecond: +((PEOPLE / allMs) * 1000).toFixed(0) },
        inboxReadsRefusedWhileTimersFired: { count: refused.length, first: refused.slice(0, 3) },
        residentMemoryMb: stackMemory(stack),
        cpus: os.cpus().length,
      }, null, 2));
    } finally {
      await db.end().catch(() => undefined);
    }
  }, 'controlled');
}

runBench(main);
