// Stops the test broker and drops the run's database and data folder.
import fs from 'node:fs';
import { dropDatabase } from '../../src/store/db';
import { deleteExportStreams } from '../../src/store/projector';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__broker?.stop();
  if (globalThis.__dataDir) fs.rmSync(globalThis.__dataDir, { recursive: true, force: true });
  const prefix = process.env.TEST_EXPORT_STREAM_PREFIX;
  if (prefix) await deleteExportStreams(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  await dropDatabase(url);
}
