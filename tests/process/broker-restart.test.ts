// The local broker keeps its data folder: a journey waiting on its follow-up timer survives a broker restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startBroker } from '../../src/engine/broker';
import { deleteExportStreams } from '../../src/store/projector';
import { createPool, dropDatabase, ensureDatabase, migrate } from '../../src/store/db';
import { isolatedBrokerConfig } from '../../src/engine/isolated-broker';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness } from '../support/harness';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-front-door-restart-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
afterAll(async () => deleteExportStreams(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', `care-front-door-${path.basename(dataDir)}`));

// Its own database: this broker's record positions and keys would collide with the run's broker's.
const databaseUrl = `${process.env.TEST_DATABASE_URL ?? ''}_restart`;
beforeAll(async () => {
  await ensureDatabase(databaseUrl);
  const pool = createPool(databaseUrl);
  await migrate(pool);
  await pool.end();
});
afterAll(async () => {
  await dropDatabase(databaseUrl);
});

test('when the broker restarts while a follow-up timer waits, then the timer still fires once the clock passes it', async () => {
  const config = await isolatedBrokerConfig(dataDir, { ZEEBE_HEAP: '768m' });
  let broker = await startBroker(config);
  let h = await startHarness(broker, databaseUrl);
  try {
    const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201);
    const { id, processInstanceKey } = res.body as { id: string; processInstanceKey: string };
    await h.triage(id, 'information-and-advice');
    await h.jobCompleted(processInstanceKey, 'record-information-and-advice');
    await h.close();
    await broker.stop();

    broker = await startBroker(config);
    h = await startHarness(broker, databaseUrl);
    // A restarted controlled clock starts again from the real time, so move it past the 14-day follow-up.
    await h.moveClock(15 * 24 * 60 * 60 * 1000);
    await eventually(async () => (await h.contacts.find(id))?.stage === 'follow-up-due', 'the follow-up after the restart', 30_000);
  } finally {
    await h.close();
    await broker.stop();
  }
}, 180_000);
