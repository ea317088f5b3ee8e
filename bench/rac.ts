// Benchmark: a waiting list of BENCH_REFERRALS (5,000) referrals, each prioritised by the real rac-priority table on the
// broker, then the RAC meeting's whole agenda (priority order, suggested workers) assembled through the running service's
// API, and the waiting list's p50/p99 over random pages. Prints the figures. Run with `npm run bench:rac`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { DEFAULT_DEV_SECRET, signDevToken } from '../src/api/auth';
import { startBroker } from '../src/engine/broker';
import { PROJECT_ROOT } from '../src/engine/distribution';
import { freePort, isolatedBrokerConfig } from '../src/engine/isolated-broker';
import { createZeebe } from '../src/engine/zeebe';
import { dropDatabase, ensureDatabase } from '../src/store/db';
import { deleteExportStreams } from '../src/store/projector';

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 5_000);
const CONCURRENCY = 20;
const LIST_REQUESTS = 300;
const TEAMS = ['community-solutions-north', 'learning-disability-team', 'community-mental-health-team'];

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await task(next++);
  }));
}

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

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-front-door-bench-rac-'));
  const config = await isolatedBrokerConfig(dataDir, { ZEEBE_CLOCK_CONTROLLED: 'false' });
  const apiPort = await freePort();
  const broker = await startBroker(config);
  const dbUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  dbUrl.pathname = `/care_front_door_bench_rac_${process.pid}`;
  await ensureDatabase(dbUrl.toString());
  const db = new Pool({ connectionString: dbUrl.toString(), max: CONCURRENCY });
  // The service deploys the models, migrates the database and seeds the practitioner directory.
  const service = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    env: { ...process.env, ZEEBE_ADDRESS: broker.grpcAddress, EXPORT_STREAM_PREFIX: broker.exportStreamPrefix, DATABASE_URL: dbUrl.toString(), PORT: String(apiPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const zeebe = createZeebe({ grpcAddress: broker.grpcAddress, plaintext: true });
  try {
    await until(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.ok === true, 'the service to start');
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

    // A2: each prioritised by the deployed table on the broker, then put on the waiting list.
    const t0 = Date.now();
    await inParallel(rows.length, async (i) => {
      const r = rows[i]!;
      const out = await zeebe.evaluateDecision({ decisionId: 'rac-priority', variables: r.facts as Record<string, never> });
      const priority = JSON.parse(out.decisionOutput) as { band: string; score: number };
      await db.query(
        `UPDATE referrals SET status = 'waiting-for-allocation', priority_band = $2, priority_score = $3, prioritised_at = clock_timestamp() WHERE id = $1`,
        [r.id, priority.band, priority.score],
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
      referrals: REFERRALS,
      prioritisedSeconds: +(prioritiseMs / 1000).toFixed(1),
      prioritisedPerSecond: +((REFERRALS / prioritiseMs) * 1000).toFixed(0),
      agendaAssemblyMs: { median: agendaMs[1], runs: agendaMs, pageSize: 500 },
      waitingListMs: { requests: LIST_REQUESTS, pageSize: 100, p50: +quantile(listMs, 0.5).toFixed(1), p99: +quantile(listMs, 0.99).toFixed(1) },
      cpus: os.cpus().length,
    }, null, 2));
  } finally {
    service.kill('SIGTERM');
    await zeebe.close();
    await db.end().catch(() => undefined);
    await broker.stop();
    await dropDatabase(dbUrl.toString());
    await deleteExportStreams(config.REDIS_URL, broker.exportStreamPrefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.message}`);
  process.exitCode = 1;
});
