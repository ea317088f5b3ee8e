// Starts the real Zeebe broker (controlled clock, free ports, temporary data) and a database of the run's own, once per test run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBroker, type RunningBroker } from '../../src/engine/broker';
import { createPool, ensureDatabase, migrate } from '../../src/store/db';
import { seedDirectory } from '../../src/store/directory';
import { seedPractitionerDirectory } from '../../src/store/practitioners';
import { isolatedBrokerConfig } from '../../src/engine/isolated-broker';

declare global {
  var __broker: RunningBroker | undefined;
  var __dataDir: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-front-door-test-'));
  const config = await isolatedBrokerConfig(dataDir, { ZEEBE_HEAP: '768m' });
  const broker = await startBroker(config);
  globalThis.__broker = broker;
  globalThis.__dataDir = dataDir;

  const base = new URL(process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/care_front_door_test_${process.pid}`;
  const databaseUrl = base.toString();
  await ensureDatabase(databaseUrl);
  const pool = createPool(databaseUrl);
  await migrate(pool);
  await seedDirectory(pool);
  await seedPractitionerDirectory(pool);
  await pool.end();

  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_ZEEBE_GRPC = broker.grpcAddress;
  process.env.TEST_ZEEBE_MANAGEMENT = broker.managementAddress;
  process.env.TEST_ZEEBE_REST = broker.restAddress;
  process.env.TEST_EXPORT_STREAM_PREFIX = broker.exportStreamPrefix;
}
