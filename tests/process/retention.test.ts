// G1, UK GDPR Art. 5(1)(e): on an engine host of its own (its clock is moved two years, which the run's shared host must
// not be), the nightly job "Keeping records only as long as they should be" anonymises a closed case once its time is up:
// the person is gone from every table, the statistics still count the case, and cases still running or not yet due are
// untouched. The engine's history of the case is set to go no sooner than the case store's record.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { z } from 'zod';
import type { NewContactInput } from '../../src/domain/contact';
import { addDuration } from '../../src/domain/london-calendar';
import { DEFAULT_RETENTION, engineHistoryDays, keptUntil } from '../../src/domain/retention';
import { startEngineHost, type RunningEngine } from '../../src/engine/host';
import { isolatedEngineConfig } from '../../src/engine/isolated-engine';
import { dateTime } from '../../src/engine/operaton';
import { dropDatabase } from '../../src/store/db';
import { aContact } from '../support/contacts';
import { as, env, eventually, prepareCaseDatabase, startHarness, type Harness } from '../support/harness';

const HOST_START = 240_000;
const DAY = 24 * 60 * 60_000;

const caseDatabaseUrl = `${env('TEST_DATABASE_URL')}_retention`;
let dataDir: string;
let engineDatabaseUrl: string;
let host: RunningEngine | undefined;
let h: Harness;

beforeAll(async () => {
  dataDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'care_front_door_retention_')));
  const config = await isolatedEngineConfig(dataDir);
  engineDatabaseUrl = config.ENGINE_DATABASE_URL;
  await prepareCaseDatabase(caseDatabaseUrl);
  host = await startEngineHost(config, () => undefined);
  h = await startHarness(host, caseDatabaseUrl, { retention: DEFAULT_RETENTION });
}, HOST_START);

afterAll(async () => {
  await h?.close().catch(() => undefined);
  await host?.stop().catch(() => undefined);
  await dropDatabase(engineDatabaseUrl).catch(() => undefined);
  await dropDatabase(caseDatabaseUrl).catch(() => undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

// ---- The person whose case closes first, and what identifies them anywhere.

const MARGARET = aContact({
  channel: 'email',
  person: { ...aContact().person, preferredContactMethod: 'email', email: 'margaret@example.org', communicationNeeds: [] },
});
const IDENTIFIERS = [
  'Margaret', '1941-05-17', 'Acacia', 'LS6 2AB', '4010232137', '401 023 2137', '0113 496 0000', 'margaret@example.org', 'stairs',
  // What the advisor wrote about her at triage (TRIAGE in the harness).
  'Lonely since a fall', 'Falls prevention', 'home adaptations',
];

async function receive(contact: NewContactInput): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  const id = String(res.headers.location).split('/').pop() ?? '';
  const processInstanceKey = await eventually(async () => (await h.contacts.find(id))?.processInstanceKey, 'the contact to be recorded');
  return { id, processInstanceKey };
}

/** Ends the journey of a contact by someone who reads e-mail at the front door: triaged to a prevention service, its outcome sent. */
async function closeAtTheFrontDoor(c: { id: string; processInstanceKey: string }): Promise<Date> {
  await h.triage(c.id, 'prevention-service');
  await eventually(() => h.ended(c.processInstanceKey), 'the journey to end', 30_000);
  const [journey] = await h.engine.get('/history/process-instance', z.array(z.object({ endTime: dateTime })), { query: { processInstanceId: c.processInstanceKey } });
  return journey!.endTime;
}

/** Every row that belongs to the case, in every table that holds a person, as text (less when the job is to look again). */
const TABLES = {
  contacts: 'SELECT to_jsonb(t) AS j FROM contacts t WHERE id = $1',
  contact_stages: 'SELECT to_jsonb(t) AS j FROM contact_stages t WHERE contact_id = $1 ORDER BY stage',
  task_completions: 'SELECT to_jsonb(t) AS j FROM task_completions t WHERE case_id = $1 ORDER BY task_key',
  referrals: 'SELECT to_jsonb(t) AS j FROM referrals t WHERE contact_id = $1',
  advocacy_referrals: 'SELECT to_jsonb(t) AS j FROM advocacy_referrals t WHERE case_id = $1',
  safeguarding_concerns: 'SELECT to_jsonb(t) AS j FROM safeguarding_concerns t WHERE contact_id = $1',
  messages: 'SELECT to_jsonb(t) AS j FROM messages t WHERE case_id = $1 ORDER BY idempotency_key',
  message_outbox: 'SELECT to_jsonb(t) AS j FROM message_outbox t WHERE case_id = $1 ORDER BY reference',
  record_access: 'SELECT to_jsonb(t) AS j FROM record_access t WHERE contact_id = $1 ORDER BY id',
  retention_log: 'SELECT to_jsonb(t) AS j FROM retention_log t WHERE case_id = $1',
};

async function rowsOf(caseId: string): Promise<Record<keyof typeof TABLES, string[]>> {
  const out = Object.fromEntries(Object.keys(TABLES).map((t) => [t, [] as string[]])) as Record<keyof typeof TABLES, string[]>;
  for (const [table, sql] of Object.entries(TABLES) as [keyof typeof TABLES, string][]) {
    // When the job is to look at the case again is the job's own note, not the case.
    out[table] = (await h.pool.query<{ j: Record<string, unknown> }>(sql, [caseId])).rows
      .map(({ j: { retention_check_after: _next, ...row } }) => JSON.stringify(row));
  }
  return out;
}

const keepingRecords = z.array(z.object({ id: z.string(), endTime: dateTime.nullish() }));

/** Moves the engine's clock to `to` and waits for the nightly job's pass that the move sets off to finish. */
async function moveToAndLetTheJobRun(to: Date): Promise<void> {
  const before = (await h.engine.get('/history/process-instance', keepingRecords, { query: { processDefinitionKey: 'keeping-records' } })).length;
  await h.moveClock(to.getTime() - (await h.deps.engineNow()).getTime());
  await eventually(async () => {
    const passes = await h.engine.get('/history/process-instance', keepingRecords, { query: { processDefinitionKey: 'keeping-records' } });
    return passes.length > before && passes.every((p) => p.endTime);
  }, 'the nightly job to run', 60_000);
}

async function emailFigures() {
  const res = await request(h.app).get('/api/operations/response-standard').query({ over: 'P1100D' }).set(await as('manager')).expect(200);
  return (res.body as { byChannel: { channel: string }[] }).byChannel.find((r) => r.channel === 'email');
}

test('when a closed case passes its time, then the nightly job removes the person from every table, the statistics still count the case, and a case still running or closed more recently is untouched (G1)', async () => {
  // Margaret writes by e-mail (acknowledged, the outcome sent to her address); her record is read; the directory allocates her.
  const margaret = await receive(MARGARET);
  await request(h.app).get(`/api/contacts/${margaret.id}`).query({ purpose: 'Answering her e-mail' }).set(await as('advisor')).expect(200);
  const closedAt = await closeAtTheFrontDoor(margaret);
  expect(await h.pool.query('SELECT 1 FROM person_allocations WHERE nhs_number = $1', ['4010232137'])).toMatchObject({ rowCount: 1 });
  // Another person's contact is still waiting for triage: a journey still running.
  const waiting = await receive(aContact({ person: { ...aContact().person, name: 'Walter Waiting', nhsNumber: '4010232161' } }));
  // Recorded and waiting at triage, its 2-hour timer set, before the clock moves: otherwise the year could pass before it is recorded.
  await h.inboxTask('advisor', waiting.id, 'Triage the contact');

  // The engine keeps the closed journey's history the same time, in whole days, never less (one setting: the retention policy).
  const [history] = await h.engine.get('/history/process-instance', z.array(z.object({ removalTime: dateTime })), { query: { processInstanceId: margaret.processInstanceKey } });
  expect(history!.removalTime).toEqual(addDuration(closedAt, `P${engineHistoryDays(DEFAULT_RETENTION)}D`));
  expect(history!.removalTime.getTime()).toBeGreaterThanOrEqual(keptUntil(closedAt, 'P6Y').getTime());

  // A year on: nobody's time is up. Someone else's contact closes then.
  await moveToAndLetTheJobRun(new Date(closedAt.getTime() + 365 * DAY));
  const clara = { ...MARGARET.person, name: 'Clara Later', email: 'clara@example.org' };
  delete clara.nhsNumber;
  const lateCloser = await receive(aContact({ person: clara }));
  await closeAtTheFrontDoor(lateCloser);
  // Walter's triage passed the 2-hour standard in that year: its record of the missed standard is written before his rows are taken.
  await h.jobCompleted(waiting.processInstanceKey, 'send-delay-notice');
  const margaretBefore = await rowsOf(margaret.id);
  expect(JSON.parse(margaretBefore.contacts[0]!)).toMatchObject({ person: { name: 'Margaret Example' }, anonymised_at: null });
  const waitingBefore = await rowsOf(waiting.id);
  const laterBefore = await rowsOf(lateCloser.id);
  const figuresBefore = await emailFigures();
  expect(figuresBefore).toMatchObject({ contacts: 1, answered: 1 });

  // Two years (RETENTION_CONTACT) after Margaret's contact closed, and a minute: the nightly job at 02:30 runs.
  await moveToAndLetTheJobRun(new Date(keptUntil(closedAt, DEFAULT_RETENTION.contact).getTime() + 60_000));
  const after = await rowsOf(margaret.id);

  // Nothing that identifies her is left anywhere: names, date of birth, address, NHS number, phone, e-mail, what was written.
  const everything = JSON.stringify(after);
  for (const identifier of IDENTIFIERS) expect({ identifier, found: everything.includes(identifier) }).toEqual({ identifier, found: false });
  expect(await h.pool.query('SELECT 1 FROM person_allocations WHERE nhs_number = $1', ['4010232137'])).toMatchObject({ rowCount: 0 });
  expect(after.record_access).toEqual([]);
  await request(h.app).get(`/api/contacts/${margaret.id}`).query({ purpose: 'Answering her e-mail' }).set(await as('advisor')).expect(404);

  // What statistics count stays: the channel, when, the stages, the outcome, the messages sent (and how), the triage.
  const contact = JSON.parse(after.contacts[0]!);
  expect(contact).toMatchObject({ channel: 'email', person: {}, presenting_issue: '', made_by: { kind: 'the-person' }, stage: JSON.parse(margaretBefore.contacts[0]!).stage });
  expect(new Date(contact.received_at)).toEqual(new Date(JSON.parse(margaretBefore.contacts[0]!).received_at));
  expect(after.contact_stages.map((s) => JSON.parse(s).stage)).toEqual(margaretBefore.contact_stages.map((s) => JSON.parse(s).stage));
  expect(after.messages.map((m) => JSON.parse(m))).toEqual(margaretBefore.messages.map((m) => expect.objectContaining({
    template: JSON.parse(m).template, method: JSON.parse(m).method, status: JSON.parse(m).status, destination: 'removed',
  })));
  expect(after.task_completions.map((t) => JSON.parse(t).data)).toEqual([expect.objectContaining({ outcome: 'prevention-service' })]);
  expect(await emailFigures()).toEqual(figuresBefore);

  // When, by which pass, of what kind, and how many rows in each table: no personal data.
  expect(after.retention_log).toHaveLength(1);
  expect(JSON.parse(after.retention_log[0]!)).toMatchObject({
    kind: 'contact', removed: expect.objectContaining({ contacts: 1, messages: margaretBefore.messages.length, record_access: 1, person_allocations: 1 }),
  });

  // Walter's contact still waits for triage, Clara's closed only a year ago: both exactly as they were.
  expect(await rowsOf(waiting.id)).toEqual(waitingBefore);
  expect(await rowsOf(lateCloser.id)).toEqual(laterBefore);

  // Idempotent: another pass changes nothing more.
  await moveToAndLetTheJobRun(new Date((await h.deps.engineNow()).getTime() + DAY));
  expect(await rowsOf(margaret.id)).toEqual(after);
  expect(await rowsOf(waiting.id)).toEqual(waitingBefore);
}, 300_000);
