// Benchmark: BENCH_PEOPLE (10,000) people whose support started today, each with a reviews journey waiting on its
// 6-week timer on one broker; then the broker's clock is moved past the reviews, and the time until every review task
// is visible through the service's task API is measured. Prints the figures. Run with `npm run bench:reviews`.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { DEFAULT_DEV_SECRET, signDevToken } from '../src/api/auth';
import { addToBrokerClock, brokerNow } from '../src/engine/clock';
import { inParallel, runBench, until, withStack } from './stack';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const CONCURRENCY = 50;
const DAY = 24 * 60 * 60 * 1000;

async function main(): Promise<void> {
  await withStack('bench-reviews', async ({ broker, databaseUrl, apiUrl, zeebe }) => {
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
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(await brokerNow(broker.managementAddress));

      // Support starts: the message the start-reviews job publishes, once per person.
      const t0 = Date.now();
      await inParallel(PEOPLE, CONCURRENCY, async (i) => {
        const referralId = referrals[i]!;
        await zeebe.publishMessage({
          name: 'support-started', correlationKey: referralId, messageId: `support-started-${referralId}`, timeToLive: 3_600_000,
          variables: { referralId, contactId: contacts[i]!, allocatedWorker: 'pat.practitioner', supportStartsOn: today },
        });
      });
      const publishMs = Date.now() - t0;
      // Each journey keeps itself on the person's record, decides on advocacy (none is due here), then waits on its
      // 6-week timer: the clock moves only once every timer is set, as the read model shows them.
      const waitingTimers = async () => Number((await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM timers WHERE element_id = 'SixWeeksOn' AND state = 'waiting'`)).rows[0]?.n);
      await until(async () => (await waitingTimers()) >= PEOPLE, 'every 6-week timer to be set', 900_000);
      const startedMs = Date.now() - t0;

      const token = await signDevToken(DEFAULT_DEV_SECRET, { id: 'pat.practitioner', groups: ['practitioners'] });
      const visible = async () => {
        const res = await fetch(`${apiUrl}/api/tasks?assignee=pat.practitioner&state=created&pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`GET /api/tasks answered ${res.status}`);
        return ((await res.json()) as { total: number }).total;
      };
      if ((await visible()) !== 0) throw new Error('review tasks were visible before their time');

      // Six weeks and a day on: every review falls due at once.
      const moved = Date.now();
      await addToBrokerClock(broker.managementAddress, 43 * DAY);
      let firstMs: number | undefined;
      await until(async () => {
        const n = await visible();
        if (n > 0 && firstMs === undefined) firstMs = Date.now() - moved;
        return n >= PEOPLE;
      }, 'every review task to be visible', 1_800_000);
      const allMs = Date.now() - moved;
      console.log(JSON.stringify({
        people: PEOPLE,
        supportStartedMessagesSeconds: +(publishMs / 1000).toFixed(1),
        everyTimerSetSeconds: +(startedMs / 1000).toFixed(1),
        afterTheClockMoved: { firstReviewVisibleSeconds: +((firstMs ?? allMs) / 1000).toFixed(1), everyReviewVisibleSeconds: +(allMs / 1000).toFixed(1), reviewsPerSecond: +((PEOPLE / allMs) * 1000).toFixed(0) },
        cpus: os.cpus().length,
      }, null, 2));
    } finally {
      await db.end().catch(() => undefined);
    }
  }, 'controlled');
}

runBench(main);
