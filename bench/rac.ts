// Benchmark: a waiting list of BENCH_REFERRALS (5,000) referrals, each prioritised by the real rac-priority decision on the
// engine (POST /decision-definition/key/rac-priority/evaluate, as the technical user), then the RAC meeting's whole agenda
// (priority order, suggested workers) assembled through the running service's API, and the waiting list's p50/p99 over
// random pages. Prints the figures. Run with `npm run bench:rac`.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Pool } from 'pg';
import { z } from 'zod';
import { DEFAULT_DEV_SECRET, signDevToken } from '../src/api/auth';
import { toTypedVariables, type Primitive } from '../src/engine/operaton';
import { inParallel, quantile, runBench, withStack } from './stack';

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 5_000);
const CONCURRENCY = 20;
const LIST_REQUESTS = 300;
const TEAMS = ['community-solutions-north', 'learning-disability-team', 'community-mental-health-team'];

/** A fixed spread of situations, so every run prioritises the same list. */
function factsOf(i: number) {
  const pick = <T>(xs: readonly T[], k: number) => xs[(i * k) % xs.length] as T;
  return {
    risk: pick(['low', 'medium', 'high'], 7), need: pick(['low', 'medium', 'high'], 5), currentSupport: pick(['none', 'some', 'substantial'], 3),
    supportSustainable: i % 4 !== 0, urgent: i % 11 === 0, deteriorationLikely: i % 3 === 0, fluctuating: i % 5 === 0,
    ordinaryResidence: 'resident', learningDisability: false, mentalHealth: false, preferredTeam: null, carerShowingNeeds: i % 6 === 0,
    atRiskOfAbuseOrNeglect: false, skillsNeeded: i % 2 ? ['dementia'] : [], preferredWorker: null,
  };
}

/** The facts a process holds as variables: ids and routing facts (a list such as skillsNeeded is not one; the table reads none). */
function primitiveFacts(facts: Record<string, unknown>): Record<string, Primitive> {
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) as Record<string, Primitive>;
}

/** One object of typed outputs per matched rule: rac-priority (a FIRST table over the score) matches exactly one. */
const evaluation = z.array(z.object({ band: z.object({ value: z.string() }).passthrough(), score: z.object({ value: z.number() }).passthrough() }).passthrough()).length(1);

async function main(): Promise<void> {
  await withStack('bench-rac', async ({ databaseUrl, apiUrl, client }) => {
    // The service has deployed the models, migrated the database and seeded the practitioner directory.
    const db = new Pool({ connectionString: databaseUrl, max: CONCURRENCY });
    try {
      const token = await signDevToken(DEFAULT_DEV_SECRET, { id: 'bench-panel', groups: ['rac-panel'] });
      const get = async (p: string) => {
        const res = await fetch(`${apiUrl}${p}`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`GET ${p} answered ${res.status}`);
        return res.json() as Promise<{ total: number; items?: unknown[]; waiting?: unknown[] }>;
      };

      // The referrals, as the referral journey leaves them before prioritising: complete, with a team.
      const ids = Array.from({ length: REFERRALS }, () => randomUUID());
      for (let from = 0; from < REFERRALS; from += 500) {
        const batch = ids.slice(from, from + 500);
        await db.query(
          `WITH c AS (
             INSERT INTO contacts (id, channel, made_by, person, presenting_issue, flags)
             SELECT id, 'phone', '{"kind":"the-person"}', '{"name":"Bench Person"}', 'Benchmark referral', '{}' FROM unnest($1::uuid[]) AS id RETURNING id)
           INSERT INTO referrals (id, contact_id, facts, team) SELECT gen_random_uuid(), c.id, f.facts, f.team
           FROM c JOIN unnest($1::uuid[], $2::jsonb[], $3::text[]) AS f (id, facts, team) ON f.id = c.id`,
          [batch, batch.map((_, k) => JSON.stringify(factsOf(from + k))), batch.map((_, k) => TEAMS[(from + k) % TEAMS.length])],
        );
      }
      const { rows } = await db.query<{ id: string; facts: object }>('SELECT id, facts FROM referrals');

      // A2: each prioritised by the deployed decision on the engine, then put on the waiting list.
      const t0 = Date.now();
      await inParallel(rows.length, CONCURRENCY, async (i) => {
        const r = rows[i]!;
        const [out] = await client.post('/decision-definition/key/rac-priority/evaluate',
          { variables: toTypedVariables(primitiveFacts(r.facts as Record<string, unknown>)) }, evaluation);
        await db.query(
          `UPDATE referrals SET status = 'waiting-for-allocation', priority_band = $2, priority_score = $3, prioritised_at = clock_timestamp() WHERE id = $1`,
          [r.id, out!.band.value, out!.score.value],
        );
      });
      const prioritiseMs = Date.now() - t0;

      // The meeting's agenda: every waiting referral, highest priority first, with up to three suggested workers each.
      const agendaMs: number[] = [];
      for (let run = 0; run < 3; run++) {
        const t = Date.now();
        let seen = 0;
        for (let page = 1; ; page++) {
          const body = await get(`/api/rac/agenda?page=${page}&pageSize=500`);
          seen += body.items?.length ?? 0;
          if (seen >= body.total) break;
        }
        if (seen !== REFERRALS) throw new Error(`the agenda held ${seen} referrals, not ${REFERRALS}`);
        agendaMs.push(Date.now() - t);
      }

      // The waiting list as staff page through it.
      const listMs: number[] = [];
      const pages = Math.ceil(REFERRALS / 100);
      for (let i = 0; i < LIST_REQUESTS; i++) {
        const t = process.hrtime.bigint();
        await get(`/api/rac/waiting-list?page=${1 + ((i * 7) % pages)}&pageSize=100`);
        listMs.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      listMs.sort((a, b) => a - b);
      agendaMs.sort((a, b) => a - b);
      console.log(JSON.stringify({
        engine: 'operaton',
        referrals: REFERRALS,
        prioritisedSeconds: +(prioritiseMs / 1000).toFixed(1),
        prioritisedPerSecond: +((REFERRALS / prioritiseMs) * 1000).toFixed(0),
        agendaAssemblyMs: { median: agendaMs[1], runs: agendaMs, pageSize: 500 },
        waitingListMs: { requests: LIST_REQUESTS, pageSize: 100, p50: +quantile(listMs, 0.5).toFixed(1), p99: +quantile(listMs, 0.99).toFixed(1) },
        cpus: os.cpus().length,
      }, null, 2));
    } finally {
      await db.end().catch(() => undefined);
    }
  });
}

runBench(main);
