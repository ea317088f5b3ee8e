// Runs the local engine host (engine/: Operaton on Spring Boot) as a child process on 127.0.0.1, building it first if
// needed, and says what it is doing: building, starting, ready in N s, where the log is.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { engineHistoryTimeToLive, type Config } from '../config';
import { ensureDatabase } from '../store/db';
import { ensureEngineJar } from './distribution';
import { findJava } from './java';

export type EngineHostOptions = Pick<
  Config,
  | 'ENGINE_USER' | 'ENGINE_PASSWORD' | 'ENGINE_DATABASE_URL' | 'ENGINE_PORT' | 'ENGINE_ADMIN_USER' | 'ENGINE_ADMIN_PASSWORD'
  | 'RETENTION_CONTACT' | 'RETENTION_CASE_RECORD' | 'RETENTION_SAFEGUARDING' | 'ENGINE_HEAP' | 'ENGINE_JOB_THREADS' | 'ENGINE_START_TIMEOUT_MS' | 'ENGINE_TEST_CLOCK' | 'DATA_DIR'
>;

export interface RunningEngine {
  /** http://127.0.0.1:<port>: the web apps are under /operaton/app/, the test clock (tests only) under /test-support/. */
  baseUrl: string;
  /** <baseUrl>/engine-rest */
  restUrl: string;
  /** The technical user the service signs in as. */
  user: string;
  password: string;
  logFile: string;
  /** Stops it gracefully (SIGTERM, SIGKILL after 30 s). */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would: for failure tests. */
  kill(): Promise<void>;
}

export interface Progress {
  (message: string, meta?: Record<string, unknown>): void;
}

const HOST = '127.0.0.1';

/** jdbc:postgresql://host:port/db from a postgres:// URL, with its user and password apart, as Spring wants them. */
export function jdbcOf(databaseUrl: string): { url: string; user: string; password: string } {
  const u = new URL(databaseUrl);
  return {
    url: `jdbc:postgresql://${u.hostname}:${u.port || '5432'}${u.pathname}`,
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
  };
}

/** Environment for the engine host's JVM (engine/src/main/resources/application.yaml reads these). */
export function engineEnvironment(o: EngineHostOptions): Record<string, string> {
  const jdbc = jdbcOf(o.ENGINE_DATABASE_URL);
  return {
    ENGINE_BIND_ADDRESS: HOST,
    ENGINE_PORT: String(o.ENGINE_PORT),
    ENGINE_JDBC_URL: jdbc.url,
    ENGINE_JDBC_USER: jdbc.user,
    ENGINE_JDBC_PASSWORD: jdbc.password,
    ENGINE_USER: o.ENGINE_USER,
    ENGINE_PASSWORD: o.ENGINE_PASSWORD,
    ENGINE_ADMIN_USER: o.ENGINE_ADMIN_USER,
    ENGINE_ADMIN_PASSWORD: o.ENGINE_ADMIN_PASSWORD,
    // One setting: the engine keeps history as long as the longest retention period of the case store.
    ENGINE_HISTORY_TTL: engineHistoryTimeToLive(o),
    ENGINE_JOB_THREADS: String(o.ENGINE_JOB_THREADS),
    ENGINE_TEST_CLOCK: String(o.ENGINE_TEST_CLOCK),
  };
}

/**
 * Builds (when missing or stale), starts and waits for the local engine host. Ready means the REST API answers the
 * technical user. Throws a sentence naming what is missing or where the log is.
 */
export async function startEngineHost(o: EngineHostOptions, progress: Progress = () => undefined): Promise<RunningEngine> {
  const { javaHome, version } = findJava();
  const buildStarted = Date.now();
  const jar = ensureEngineJar(javaHome, () => progress('building the engine host with Maven (the first time fetches Operaton: a few minutes)', { javaHome }));
  if (Date.now() - buildStarted > 1000) progress('engine host built', { buildMs: Date.now() - buildStarted });
  await ensureDatabase(o.ENGINE_DATABASE_URL);

  // Another program on the port would answer the readiness check in this host's place.
  if (await portInUse(o.ENGINE_PORT)) {
    throw new Error(`Port ${o.ENGINE_PORT} on ${HOST} is already in use by another program, so the engine host cannot listen there: stop that program or set ENGINE_PORT to a free port`);
  }
  fs.mkdirSync(o.DATA_DIR, { recursive: true });
  const logFile = path.join(o.DATA_DIR, 'engine.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    `-Xms${o.ENGINE_HEAP}`, `-Xmx${o.ENGINE_HEAP}`,
    // Metaspace and threads beside the heap, so host plus service stay under 1 GB resident on a small machine.
    '-XX:MaxMetaspaceSize=192m', '-Xss512k', '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Duser.timezone=Europe/London', '-Dfile.encoding=UTF-8',
    '-jar', jar,
  ];
  const started = Date.now();
  progress('starting the engine host', { port: o.ENGINE_PORT, java: version, logFile });
  const child = spawn(path.join(javaHome, 'bin', 'java'), args, {
    cwd: o.DATA_DIR,
    env: { ...process.env, JAVA_HOME: javaHome, ...engineEnvironment(o) },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);

  const baseUrl = `http://${HOST}:${o.ENGINE_PORT}`;
  const engine: RunningEngine = {
    baseUrl,
    restUrl: `${baseUrl}/engine-rest`,
    user: o.ENGINE_USER,
    password: o.ENGINE_PASSWORD,
    logFile,
    stop: () => stopChild(child, 'SIGTERM'),
    kill: () => stopChild(child, 'SIGKILL'),
  };
  try {
    await waitUntilReady(engine, child, o.ENGINE_START_TIMEOUT_MS);
  } catch (err) {
    await engine.stop();
    throw err;
  }
  progress('engine host ready', { readyMs: Date.now() - started, cockpit: `${baseUrl}/operaton/app/cockpit/`, logFile });
  return engine;
}

/** Whether something already listens on the port: binding it fails. */
function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, HOST, () => probe.close(() => resolve(false)));
  });
}

/** The Authorization header of the technical user. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function waitUntilReady(e: RunningEngine, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      const tail = fs.readFileSync(e.logFile, 'utf8').split('\n').filter((l) => /ERROR|Caused by|APPLICATION FAILED/.test(l)).slice(-3).join(' | ');
      throw new Error(`The engine host exited with code ${exited} while starting (${tail || 'no error logged'}); see ${e.logFile}`);
    }
    if (await answers(e)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The engine host did not answer within ${timeoutMs} ms; see ${e.logFile}`);
}

async function answers(e: RunningEngine): Promise<boolean> {
  try {
    const res = await fetch(`${e.restUrl}/version`, { headers: { authorization: basicAuth(e.user, e.password) }, signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill(signal);
  });
}
