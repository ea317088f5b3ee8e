// What every benchmark runs against: an engine host (Operaton) started from cold on a free port with a NEW database of
// its own (so its cold start includes creating the engine's schema), a case database of its own, and the service as a
// child process pointed at that host (ENGINE_REST_URL), as `npm start` runs it against an engine elsewhere; and the
// small helpers they share. Everything is stopped and removed afterwards, also on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkAndDeploy } from '../src/engine/deploy';
import { ensureEngineJar, PROJECT_ROOT } from '../src/engine/distribution';
import { startEngineHost, type RunningEngine } from '../src/engine/host';
import { freePort, isolatedEngineConfig } from '../src/engine/isolated-engine';
import { findJava } from '../src/engine/java';
import { createEngineClient, type EngineClient } from '../src/engine/operaton';
import { dropDatabase, ensureDatabase } from '../src/store/db';
import { jobTypes } from '../workers';

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 300_000, pauseMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

export async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export interface BenchStack {
  engine: RunningEngine;
  /** From starting the JVM (the jar already built) to its REST API answering, on a new, empty database. */
  engineColdStartMs: number;
  /** Cold start plus the first deployment of every model in processes/ accepted: ready as the issue defines it. */
  engineReadyWithModelsMs: number;
  /** The engine host's JVM, found by its working directory (the stack's own temporary folder). */
  enginePid: number | undefined;
  databaseUrl: string;
  /** The engine host's own database. */
  engineDatabaseUrl: string;
  service: ChildProcess;
  apiUrl: string;
  /** The engine's REST API as the technical user. */
  client: EngineClient;
}

/** The java process whose working directory is `dir`: the engine host startEngineHost spawned there. */
function javaProcessIn(dir: string): number | undefined {
  const want = fs.realpathSync(dir);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`) === want && fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'java') return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Runs `bench` against a fresh stack and always tears it down; `name` keeps its databases and files apart. The engine's
 * real clock by default; 'controlled' starts the host with its test clock (ENGINE_TEST_CLOCK=true), to reach deadlines.
 */
export async function withStack<T>(name: string, bench: (stack: BenchStack) => Promise<T>, clock: 'real' | 'controlled' = 'real'): Promise<T> {
  const cleanups: (() => Promise<unknown>)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= (async () => {
    for (const c of cleanups.reverse()) await c().catch((err: Error) => console.error(`bench clean-up: ${err.message}`));
  })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`bench: ${signal}, stopping and removing what it started`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `care-front-door-${name}-`));
    cleanups.push(() => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })));
    const config = await isolatedEngineConfig(dataDir, { ENGINE_TEST_CLOCK: String(clock === 'controlled'), DATA_DIR: dataDir });
    // Building the jar (only when missing or stale) is not part of the cold start.
    ensureEngineJar(findJava().javaHome, () => console.error('bench: building the engine host with Maven first (not counted in its cold start)'));
    // A new database every time: the cold start includes creating the engine's schema.
    await dropDatabase(config.ENGINE_DATABASE_URL);
    cleanups.push(() => dropDatabase(config.ENGINE_DATABASE_URL));

    const t0 = Date.now();
    const engine = await startEngineHost(config);
    const engineColdStartMs = Date.now() - t0;
    cleanups.push(() => engine.stop());
    const client = createEngineClient({ restUrl: engine.restUrl, user: engine.user, password: engine.password, timeoutMs: 60_000 });
    // The models as the service deploys them (it finds them deployed: duplicate filtering makes no new versions).
    await checkAndDeploy(client, jobTypes());
    const engineReadyWithModelsMs = Date.now() - t0;
    const enginePid = javaProcessIn(dataDir);

    const dbUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    dbUrl.pathname = `/care_front_door_${name.replace(/-/g, '_')}_${process.pid}`;
    await ensureDatabase(dbUrl.toString());
    cleanups.push(() => dropDatabase(dbUrl.toString()));

    const apiPort = await freePort();
    const service = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        ENGINE_REST_URL: engine.restUrl, ENGINE_USER: engine.user, ENGINE_PASSWORD: engine.password,
        DATABASE_URL: dbUrl.toString(), PORT: String(apiPort), LOG_LEVEL: 'warn',
        // The benchmark is one caller sending contacts as fast as the service takes them: no intake limit.
        INTAKE_RATE_LIMIT: '1000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    cleanups.push(() => stopChild(service));
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await until(async () => {
      if (service.exitCode !== null) throw new Error(`the service exited with code ${service.exitCode} while starting`);
      return (await fetch(`${apiUrl}/health`).catch(() => undefined))?.ok === true;
    }, 'the service to start', 120_000);
    return await bench({ engine, engineColdStartMs, engineReadyWithModelsMs, enginePid, databaseUrl: dbUrl.toString(), engineDatabaseUrl: config.ENGINE_DATABASE_URL, service, apiUrl, client });
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Resident memory now and at its peak (VmRSS, VmHWM) of a process, in MB; undefined when it cannot be read. */
export function memoryOf(pid: number | undefined): { rssMb: number; peakMb: number } | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

/** Resident memory of the service child and the engine host's JVM, and their sum (the "service plus engine"). */
export function stackMemory(stack: Pick<BenchStack, 'service' | 'enginePid'>) {
  const service = memoryOf(stack.service.pid);
  const engine = memoryOf(stack.enginePid);
  return {
    serviceMb: service?.rssMb ?? null,
    engineMb: engine?.rssMb ?? null,
    totalMb: service && engine ? service.rssMb + engine.rssMb : null,
    // Each process's own peak; their sum is an upper bound (the peaks need not coincide).
    servicePeakMb: service?.peakMb ?? null,
    enginePeakMb: engine?.peakMb ?? null,
    peaksSummedMb: service && engine ? service.peakMb + engine.peakMb : null,
  };
}

/** Runs a benchmark's main, printing why it failed and exiting non-zero if it did. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: Error) => {
    console.error(`bench failed: ${err.message}`);
    process.exitCode = 1;
  });
}
