// Benchmark: drives N contacts through the receiving-a-contact slice (HTTP API → engine → workers → PostgreSQL → the
// triage task in the advisors' inbox, through the exporter and the read model) beside a no-op baseline process of the
// same shape on the same broker; then paces contacts at BENCH_RATE a second and measures the read model's lag (record
// written by the broker → row visible to the API). Prints journeys per second, their ratio, lag p50/p99, the broker's
// cold start and the service's resident memory. Run with `npm run bench` (BENCH_N, BENCH_CONCURRENCY, BENCH_RATE).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { z } from 'zod';
import { PROCESSES_DIR } from '../src/engine/deploy';
import { defineWorker, startWorkers } from '../src/engine/worker';
import type { Zeebe } from '../src/engine/zeebe';
import { jobTypes } from '../workers';
import { createLogger } from '../src/log';
import { DEFAULT_DEV_SECRET, signDevToken } from '../src/api/auth';
import { inParallel, runBench, until, withStack } from './stack';

const N = Number(process.env.BENCH_N ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARM_UP = 50;
const RATE = Number(process.env.BENCH_RATE ?? 20);
const LAG_SECONDS = 20;
// Every job type the service serves; the baseline renames them all so that only its no-op workers take them.
const JOB_TYPES = jobTypes();

const log = createLogger('warn');

function contact(i: number) {
  return {
    channel: 'phone',
    madeBy: { kind: 'the-person' },
    person: {
      name: `Bench Person ${i}`,
      dateOfBirth: '1950-01-01',
      address: { lines: [`${i} Bench Street`], postcode: 'LS6 2AB' },
      preferredContactMethod: 'letter',
    },
    presentingIssue: 'Benchmark contact',
  };
}

/** The real process with every job type renamed: the same shape, served by no-op workers. */
function baselineModel(): Buffer {
  let xml = fs.readFileSync(path.join(PROCESSES_DIR, 'receiving-a-contact.bpmn'), 'utf8');
  xml = xml.replace('id="receiving-a-contact"', 'id="bench-baseline"');
  for (const t of JOB_TYPES) xml = xml.replaceAll(`type="${t}"`, `type="bench-noop-${t}"`);
  return Buffer.from(xml);
}

/** Triage tasks of this process now in the read model: the end of a journey, for the service and the baseline alike. */
async function triageTasks(db: Client, bpmnProcessId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM user_tasks WHERE bpmn_process_id = $1 AND element_id = 'TriageTheContact'`, [bpmnProcessId]);
  return Number(rows[0]?.n);
}

async function runBaseline(zeebe: Zeebe, db: Client, n: number): Promise<number> {
  const workers = startWorkers(
    zeebe,
    JOB_TYPES.map((t) => defineWorker({ type: `bench-noop-${t}`, input: z.object({}), output: z.object({}), handle: () => Promise.resolve({}) })),
    log,
  );
  const before = await triageTasks(db, 'bench-baseline');
  const started = Date.now();
  await inParallel(n, CONCURRENCY, async (i) => {
    await zeebe.createProcessInstance({
      bpmnProcessId: 'bench-baseline',
      variables: { contactId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, channel: 'phone', urgent: false, safeguardingConcern: false, imminentDanger: false, namedWorkerAskedFor: false },
    });
  });
  await until(async () => (await triageTasks(db, 'bench-baseline')) >= before + n, 'baseline triage tasks');
  const elapsed = Date.now() - started;
  await workers.close();
  return elapsed;
}

async function postContact(apiUrl: string, token: string, i: number): Promise<void> {
  const res = await fetch(`${apiUrl}/api/contacts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(contact(i)),
  });
  if (res.status !== 201) throw new Error(`POST /api/contacts answered ${res.status}: ${await res.text()}`);
}

async function runService(apiUrl: string, token: string, db: Client, n: number): Promise<number> {
  const before = await triageTasks(db, 'receiving-a-contact');
  const started = Date.now();
  await inParallel(n, CONCURRENCY, (i) => postContact(apiUrl, token, i));
  await until(async () => (await triageTasks(db, 'receiving-a-contact')) >= before + n, 'service triage tasks');
  return Date.now() - started;
}

/** Contacts at a steady rate; then, for each triage task, the time from the broker writing it to the API seeing it. */
async function measureLag(apiUrl: string, token: string, db: Client): Promise<{ contacts: number; p50Ms: number; p99Ms: number; maxMs: number }> {
  const since = new Date();
  const total = RATE * LAG_SECONDS;
  const started = Date.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    sends.push(postContact(apiUrl, token, i));
  }
  await Promise.all(sends);
  await until(async () => {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM user_tasks WHERE element_id = 'TriageTheContact' AND created_at >= $1 AND bpmn_process_id = 'receiving-a-contact'`, [since]);
    return Number(rows[0]?.n) >= total;
  }, 'paced triage tasks');
  // projected_at is taken inside the projector's transaction, just before it commits and the API can read the row.
  const { rows } = await db.query<{ lag: number }>(
    `SELECT EXTRACT(EPOCH FROM (p.projected_at - u.created_at)) * 1000 AS lag
     FROM user_tasks u JOIN projected_records p ON p.position = u.last_position
     WHERE u.element_id = 'TriageTheContact' AND u.bpmn_process_id = 'receiving-a-contact' AND u.created_at >= $1 ORDER BY lag`,
    [since],
  );
  const lags = rows.map((r) => Number(r.lag));
  const at = (q: number) => Math.round(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN);
  return { contacts: total, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Math.round(lags[lags.length - 1] ?? NaN) };
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function main(): Promise<void> {
  await withStack('bench', async ({ brokerColdStartMs, databaseUrl, service, apiUrl, zeebe }) => {
    const db = new Client({ connectionString: databaseUrl });
    try {
      await db.connect();
      await zeebe.deployResources([{ name: 'bench-baseline.bpmn', process: baselineModel() }]);

      const token = await signDevToken(DEFAULT_DEV_SECRET, { id: 'bench-intake', groups: ['contact-intake'] });
      await runBaseline(zeebe, db, WARM_UP);
      await runService(apiUrl, token, db, WARM_UP);
      const baselineMs = await runBaseline(zeebe, db, N);
      const serviceMs = await runService(apiUrl, token, db, N);
      const lag = await measureLag(apiUrl, token, db);
      const memory = memoryOf(service.pid ?? 0);

      const baselineRate = (N / baselineMs) * 1000;
      const serviceRate = (N / serviceMs) * 1000;
      console.log(JSON.stringify({
        journeys: N,
        concurrency: CONCURRENCY,
        brokerColdStartSeconds: +(brokerColdStartMs / 1000).toFixed(1),
        baselineJourneysPerSecond: +baselineRate.toFixed(1),
        serviceJourneysPerSecond: +serviceRate.toFixed(1),
        ratio: +(serviceRate / baselineRate).toFixed(2),
        projectionLag: { contactsPerSecond: RATE, ...lag },
        serviceResidentMemoryMb: memory.rssMb,
        servicePeakResidentMemoryMb: memory.peakMb,
        cpus: os.cpus().length,
      }, null, 2));
    } finally {
      await db.end().catch(() => undefined);
    }
  });
}

runBench(main);
