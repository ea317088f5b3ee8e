// What every benchmark runs against: a broker started from cold on free ports, a database of its own, and the service
// as a child process, as `npm start` runs it; and the small helpers they share. Everything is removed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBroker, type RunningBroker } from '../src/engine/broker';
import { PROJECT_ROOT } from '../src/engine/distribution';
import { freePort, isolatedBrokerConfig } from '../src/engine/isolated-broker';
import { createZeebe, type Zeebe } from '../src/engine/zeebe';
import { dropDatabase, ensureDatabase } from '../src/store/db';
import { deleteExportStreams } from '../src/store/projector';

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

export interface BenchStack {
  broker: RunningBroker;
  brokerColdStartMs: number;
  databaseUrl: string;
  service: ChildProcess;
  apiUrl: string;
  zeebe: Zeebe;
}

/**
 * Runs `bench` against a fresh stack and always tears it down; `name` keeps its database and files apart. The real
 * clock by default, as lags are measured against the broker's record timestamps; a controlled one to reach deadlines.
 */
export async function withStack<T>(name: string, bench: (stack: BenchStack) => Promise<T>, clock: 'real' | 'controlled' = 'real'): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `care-front-door-${name}-`));
  const config = await isolatedBrokerConfig(dataDir, { ZEEBE_CLOCK_CONTROLLED: String(clock === 'controlled') });
  const apiPort = await freePort();
  const t0 = Date.now();
  const broker = await startBroker(config);
  const brokerColdStartMs = Date.now() - t0;
  const dbUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  dbUrl.pathname = `/care_front_door_${name.replace(/-/g, '_')}_${process.pid}`;
  await ensureDatabase(dbUrl.toString());
  const service = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    env: { ...process.env, ZEEBE_ADDRESS: broker.grpcAddress, EXPORT_STREAM_PREFIX: broker.exportStreamPrefix, DATABASE_URL: dbUrl.toString(), PORT: String(apiPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const zeebe = createZeebe({ grpcAddress: broker.grpcAddress, plaintext: true });
  try {
    await until(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.ok === true, 'the service to start', 60_000);
    return await bench({ broker, brokerColdStartMs, databaseUrl: dbUrl.toString(), service, apiUrl, zeebe });
  } finally {
    service.kill('SIGTERM');
    await zeebe.close();
    await broker.stop();
    await dropDatabase(dbUrl.toString());
    await deleteExportStreams(config.REDIS_URL, broker.exportStreamPrefix);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs a benchmark's main, printing why it failed and exiting non-zero if it did. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: Error) => {
    console.error(`bench failed: ${err.message}`);
    process.exitCode = 1;
  });
}
