// Starts the real engine host (test clock on, a free port, a database of its own) and the run's case database, once per run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEngineHost, type RunningEngine } from '../../src/engine/host';
import { isolatedEngineConfig } from '../../src/engine/isolated-engine';
import { prepareCaseDatabase } from './harness';

declare global {
  var __engine: RunningEngine | undefined;
  var __dataDir: string | undefined;
  var __engineDatabaseUrl: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care_front_door_test_'));
  globalThis.__dataDir = dataDir;
  const config = await isolatedEngineConfig(dataDir);
  globalThis.__engineDatabaseUrl = config.ENGINE_DATABASE_URL;
  const engine = await startEngineHost(config, (message, meta) => process.stderr.write(`${message} ${JSON.stringify(meta ?? {})}\n`));
  globalThis.__engine = engine;

  const base = new URL(process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/care_front_door_test_${process.pid}`;
  const databaseUrl = base.toString();
  await prepareCaseDatabase(databaseUrl);

  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_ENGINE_BASE_URL = engine.baseUrl;
  process.env.TEST_ENGINE_REST_URL = engine.restUrl;
  process.env.TEST_ENGINE_USER = engine.user;
  process.env.TEST_ENGINE_PASSWORD = engine.password;
}
