// Runs one local Zeebe broker (embedded gateway) as a child process, bound to 127.0.0.1, and waits until it is ready.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ensureDistribution } from './distribution';
import { findJava } from './java';

export type BrokerOptions = Pick<
  Config,
  | 'ZEEBE_HOME'
  | 'DATA_DIR'
  | 'ZEEBE_GATEWAY_PORT'
  | 'ZEEBE_REST_PORT'
  | 'ZEEBE_MANAGEMENT_PORT'
  | 'ZEEBE_COMMAND_PORT'
  | 'ZEEBE_INTERNAL_PORT'
  | 'ZEEBE_CLOCK_CONTROLLED'
  | 'ZEEBE_HEAP'
  | 'ZEEBE_DIRECT_MEMORY'
  | 'ZEEBE_ROCKSDB_MEMORY'
  | 'ZEEBE_DISK_FREE_PROCESSING'
  | 'ZEEBE_DISK_FREE_REPLICATION'
  | 'ZEEBE_START_TIMEOUT_MS'
  | 'REDIS_URL'
  | 'EXPORT_STREAM_PREFIX'
>;

export interface RunningBroker {
  grpcAddress: string;
  restAddress: string;
  managementAddress: string;
  /** Prefix of the Redis streams its exporter writes. */
  exportStreamPrefix: string;
  logFile: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** The record kinds the read model is built from. */
export const EXPORTED_VALUE_TYPES = ['PROCESS', 'PROCESS_INSTANCE', 'USER_TASK', 'INCIDENT', 'TIMER'] as const;

/** Environment for the broker JVM: every port and bound explicit, so nothing listens beyond loopback. */
export function brokerEnvironment(o: BrokerOptions, dataDir: string, redisExporterJar: string): Record<string, string> {
  return {
    // The community Redis exporter feeds the read model (tasks, timeline, incidents, deadlines). Events only, and only
    // the kinds the projector reads: variables stay in the engine. Acknowledged entries are deleted so streams stay short.
    ZEEBE_BROKER_EXPORTERS_REDIS_CLASSNAME: 'io.zeebe.redis.exporter.RedisExporter',
    ZEEBE_BROKER_EXPORTERS_REDIS_JARPATH: redisExporterJar,
    ZEEBE_REDIS_REMOTE_ADDRESS: o.REDIS_URL,
    ZEEBE_REDIS_NAME: o.EXPORT_STREAM_PREFIX,
    ZEEBE_REDIS_FORMAT: 'json',
    ZEEBE_REDIS_ENABLED_VALUE_TYPES: EXPORTED_VALUE_TYPES.join(','),
    ZEEBE_REDIS_ENABLED_RECORD_TYPES: 'EVENT',
    ZEEBE_REDIS_DELETE_AFTER_ACKNOWLEDGE: 'true',
    // The default 500 ms batching alone would use half the read model's one-second budget.
    ZEEBE_REDIS_BATCH_CYCLE_MILLIS: '50',
    ZEEBE_BROKER_NETWORK_HOST: HOST,
    ZEEBE_BROKER_NETWORK_ADVERTISEDHOST: HOST,
    ZEEBE_BROKER_GATEWAY_ENABLE: 'true',
    ZEEBE_BROKER_GATEWAY_NETWORK_HOST: HOST,
    ZEEBE_BROKER_GATEWAY_NETWORK_PORT: String(o.ZEEBE_GATEWAY_PORT),
    ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT: String(o.ZEEBE_COMMAND_PORT),
    ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT: String(o.ZEEBE_INTERNAL_PORT),
    SERVER_ADDRESS: HOST,
    SERVER_PORT: String(o.ZEEBE_REST_PORT),
    MANAGEMENT_SERVER_ADDRESS: HOST,
    MANAGEMENT_SERVER_PORT: String(o.ZEEBE_MANAGEMENT_PORT),
    ZEEBE_BROKER_DATA_DIRECTORY: dataDir,
    // Small segments: the default 128MB is preallocated and a small disk fills quickly.
    ZEEBE_BROKER_DATA_LOGSEGMENTSIZE: '32MB',
    ZEEBE_BROKER_DATA_DISK_FREESPACE_PROCESSING: o.ZEEBE_DISK_FREE_PROCESSING,
    ZEEBE_BROKER_DATA_DISK_FREESPACE_REPLICATION: o.ZEEBE_DISK_FREE_REPLICATION,
    ZEEBE_BROKER_EXPERIMENTAL_ROCKSDB_MEMORYLIMIT: o.ZEEBE_ROCKSDB_MEMORY,
    ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT: '1',
    ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR: '1',
    ZEEBE_BROKER_CLUSTER_CLUSTERSIZE: '1',
    ZEEBE_BROKER_THREADS_CPUTHREADCOUNT: '1',
    ZEEBE_BROKER_THREADS_IOTHREADCOUNT: '1',
    ZEEBE_CLOCK_CONTROLLED: String(o.ZEEBE_CLOCK_CONTROLLED),
    CAMUNDA_REST_QUERY_ENABLED: 'false',
    SPRING_PROFILES_ACTIVE: 'broker',
  };
}

export async function startBroker(o: BrokerOptions): Promise<RunningBroker> {
  const { javaHome } = findJava();
  const { home: dist, redisExporterJar } = ensureDistribution(o.ZEEBE_HOME);
  const dataDir = path.join(o.DATA_DIR, 'zeebe');
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(o.DATA_DIR, 'zeebe-broker.log');
  const out = fs.openSync(logFile, 'a');

  const args = [
    `-Xms${o.ZEEBE_HEAP}`,
    `-Xmx${o.ZEEBE_HEAP}`,
    `-XX:MaxDirectMemorySize=${o.ZEEBE_DIRECT_MEMORY}`,
    '-XX:+ExitOnOutOfMemoryError',
    '-Dfile.encoding=UTF-8',
    '-Xshare:auto',
    // Newer JDKs warn about these; the broker's libraries still rely on them.
    '--enable-native-access=ALL-UNNAMED',
    '-cp',
    `${path.join(dist, 'config')}${path.delimiter}${path.join(dist, 'lib', '*')}`,
    `-Dapp.home=${dist}`,
    `-Dbasedir=${dist}`,
    'io.camunda.application.StandaloneBroker',
  ];
  const child = spawn(path.join(javaHome, 'bin', 'java'), args, {
    cwd: dist,
    env: { ...process.env, JAVA_HOME: javaHome, ...brokerEnvironment(o, dataDir, redisExporterJar) },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);

  const broker: RunningBroker = {
    grpcAddress: `${HOST}:${o.ZEEBE_GATEWAY_PORT}`,
    restAddress: `http://${HOST}:${o.ZEEBE_REST_PORT}`,
    managementAddress: `http://${HOST}:${o.ZEEBE_MANAGEMENT_PORT}`,
    exportStreamPrefix: o.EXPORT_STREAM_PREFIX,
    logFile,
    stop: () => stopChild(child),
  };
  try {
    await waitUntilReady(broker, child, o.ZEEBE_START_TIMEOUT_MS);
  } catch (err) {
    await broker.stop();
    throw err;
  }
  return broker;
}

async function waitUntilReady(b: RunningBroker, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(`The Zeebe broker exited with code ${exited} while starting; see ${b.logFile}`);
    }
    if ((await isReady(b.managementAddress)) && (await hasLeader(b.restAddress))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Zeebe broker was not ready within ${timeoutMs} ms; see ${b.logFile}`);
}

async function isReady(managementAddress: string): Promise<boolean> {
  try {
    return (await fetch(`${managementAddress}/actuator/health/readiness`)).ok;
  } catch {
    return false;
  }
}

async function hasLeader(restAddress: string): Promise<boolean> {
  try {
    const res = await fetch(`${restAddress}/v2/topology`);
    if (!res.ok) return false;
    const body = (await res.json()) as { brokers?: { partitions?: { role?: string; health?: string }[] }[] };
    return (body.brokers ?? []).some((br) => (br.partitions ?? []).some((p) => p.role === 'leader' && p.health === 'healthy'));
  } catch {
    return false;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
