// Stops the test engine host and drops the run's databases and data folder.
import fs from 'node:fs';
import { dropDatabase } from '../../src/store/db';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__engine?.stop();
  if (globalThis.__dataDir) fs.rmSync(globalThis.__dataDir, { recursive: true, force: true });
  for (const url of [process.env.TEST_DATABASE_URL, globalThis.__engineDatabaseUrl]) {
    if (url) await dropDatabase(url);
  }
}
