// Worker handlers: variables decoded, use case called, and every outcome acknowledged; a retried job records nothing twice.
import { z } from 'zod';
import { createWorkers } from '../../workers';
import { BusinessOutcome, defineWorker, handleJob, retryBackOff, type Job } from '../../src/engine/worker';
import { createContactStore } from '../../src/store/contacts';
import { createPool } from '../../src/store/db';
import { aContact } from '../support/contacts';
import { env, FRONT_DOOR, testLogger } from '../support/harness';
import { createMessaging } from '../../src/messaging';
import { createReadModel } from '../../src/store/read-model';
import { createPractitionerStore } from '../../src/store/practitioners';
import { createDirectory } from '../../src/store/directory';
import { createAdvocacyStore } from '../../src/store/advocacy';
import { createRacStore } from '../../src/store/rac';
import { DEFAULT_MEETING, meetingSchedule } from '../../src/domain/rac';
import { createReferralStore } from '../../src/store/referrals';
import { newContactSchema } from '../../src/domain/contact';

/** A job as the SDK hands it over, recording how the handler acknowledged it. */
function aJob(variables: unknown, retries = 5) {
  const acks: { kind: string; arg?: unknown }[] = [];
  const ack = (kind: string) => (arg?: unknown) => {
    acks.push({ kind, arg });
    return Promise.resolve('JOB_ACTION_ACKNOWLEDGEMENT' as const);
  };
  const job = { key: '1', processInstanceKey: '2', elementId: 'Task', retries, variables, complete: ack('complete'), fail: ack('fail'), error: ack('error') };
  return { job: job as unknown as Job, acks };
}

const echo = (handle: () => Promise<object>) =>
  defineWorker({ type: 'echo', input: z.object({ contactId: z.string().uuid() }), output: z.object({ done: z.boolean() }).partial(), handle });

const { log } = testLogger();

test('when the variables do not match the schema, then the job fails with no retries left, naming the field', async () => {
  const { job, acks } = aJob({ contactId: 'nope' });
  await handleJob(echo(() => Promise.resolve({})), job, log);
  expect(acks).toEqual([{ kind: 'fail', arg: { errorMessage: 'Variables do not match: contactId: Invalid uuid', retries: 0 } }]);
});

test('when the use case throws, then the job fails with one retry fewer and a growing back-off', async () => {
  const { job, acks } = aJob({ contactId: '5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11' }, 3);
  await handleJob(echo(() => Promise.reject(new Error('database is restarting'))), job, log);
  expect(acks).toEqual([{ kind: 'fail', arg: { errorMessage: 'database is restarting', retries: 2, retryBackOff: 4000 } }]);
  expect([5, 4, 3, 2, 1].map((r) => retryBackOff(r))).toEqual([1000, 2000, 4000, 8000, 16000]);
});

test('when the use case reports a business outcome, then a BPMN error is thrown for the model to catch', async () => {
  const { job, acks } = aJob({ contactId: '5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11' });
  await handleJob(echo(() => Promise.reject(new BusinessOutcome('worker-not-allocated', 'not allocated'))), job, log);
  expect(acks).toEqual([{ kind: 'error', arg: { errorCode: 'worker-not-allocated', errorMessage: 'not allocated', variables: {} } }]);
});

test('when the use case succeeds, then the job completes with the output the schema allows', async () => {
  const { job, acks } = aJob({ contactId: '5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11', other: 'ignored' });
  await handleJob(echo(() => Promise.resolve({ done: true })), job, log);
  expect(acks).toEqual([{ kind: 'complete', arg: { done: true } }]);
});

describe('with the real case store', () => {
  const pool = createPool(env('TEST_DATABASE_URL'));
  const contacts = createContactStore(pool);
  // No Notify key and no mail server: person messages go to the outbox, which a test can count.
  const messaging = createMessaging({ NOTIFY_BASE_URL: 'http://127.0.0.1:9', NOTIFY_TEMPLATES: {}, NOTIFY_TIMEOUT_MS: 1_000, SMTP_FROM: 'x@council.test', SMTP_TIMEOUT_MS: 1_000 }, pool);
  const readModel = createReadModel(pool);
  const workers = Object.fromEntries(
    createWorkers({
      contacts, messages: messaging.deps, practitioners: createPractitionerStore(pool), decisions: readModel, completions: readModel, directory: createDirectory(pool), frontDoor: FRONT_DOOR,
      referrals: createReferralStore(pool), rac: createRacStore(pool), meetingSchedule: meetingSchedule(DEFAULT_MEETING), advocacy: createAdvocacyStore(pool),
      advocacyEngine: { advocateNamed: () => Promise.reject(new Error('no engine in this test')), ended: () => Promise.reject(new Error('no engine in this test')), settled: () => Promise.reject(new Error('no engine in this test')) },
      reviewEngine: { supportStarted: () => Promise.reject(new Error('no engine in this test')), reviewRequested: () => Promise.reject(new Error('no engine in this test')) },
      referralEngine: { startReferral: () => Promise.reject(new Error('no engine in this test')), situationChanged: () => Promise.reject(new Error('no engine in this test')) },
    }).map((w) => [w.type, w]),
  );
  afterAll(() => pool.end());

  test('when an acknowledgement job is retried, then the person is sent one acknowledgement (C3)', async () => {
    const id = '7d1c2b8e-0b3a-4f0e-9a55-2d7e6c1f0a02';
    await contacts.create(id, newContactSchema.parse(aContact({ channel: 'email', person: { ...aContact().person, email: 'm@example.org' } })), 'web-intake', () =>
      Promise.resolve({ processInstanceKey: '3' }));
    for (let attempt = 0; attempt < 3; attempt++) {
      const { job, acks } = aJob({ contactId: id });
      await handleJob(workers['send-acknowledgement']!, job, log);
      expect(acks[0]?.kind).toBe('complete');
    }
    const sent = await pool.query('SELECT personalisation FROM message_outbox WHERE case_id = $1', [id]);
    expect(sent.rowCount).toBe(1);
    // Recorded by a system, not a practitioner: signed by the front door (C5).
    expect(sent.rows[0].personalisation).toMatchObject({ signed_by_name: FRONT_DOOR.name, signed_by_phone: FRONT_DOOR.phone });
  });

  test('when a safeguarding job is retried, then one concern and one stage are recorded', async () => {
    const id = '7d1c2b8e-0b3a-4f0e-9a55-2d7e6c1f0a01';
    await contacts.create(id, newContactSchema.parse(aContact()), 'ada.advisor', () => Promise.resolve({ processInstanceKey: '1' }));
    for (let attempt = 0; attempt < 3; attempt++) {
      const { job, acks } = aJob({ contactId: id, imminentDanger: true });
      await handleJob(workers['raise-safeguarding-concern']!, job, log);
      expect(acks[0]?.kind).toBe('complete');
    }
    const concerns = await pool.query('SELECT * FROM safeguarding_concerns WHERE contact_id = $1', [id]);
    const stages = await pool.query("SELECT * FROM contact_stages WHERE contact_id = $1 AND stage = 'safeguarding-concern-raised'", [id]);
    expect([concerns.rowCount, stages.rowCount]).toEqual([1, 1]);
  });

  test('when a job names a contact the store does not hold, then it fails and will be retried', async () => {
    const { job, acks } = aJob({ contactId: '00000000-0000-4000-8000-000000000000' });
    await handleJob(workers['record-contact']!, job, log);
    expect(acks).toEqual([{ kind: 'fail', arg: expect.objectContaining({ retries: 4, errorMessage: expect.stringMatching(/No contact/) }) }]);
  });
});

test('when the job is gone by the time it is completed, then that is logged and not turned into a failure', async () => {
  const { job, acks } = aJob({ contactId: '5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11' });
  const gone = Object.assign(new Error('5 NOT_FOUND: no such job'), { code: 5 });
  job.complete = () => Promise.reject(gone);
  await expect(handleJob(echo(() => Promise.resolve({ done: true })), job, log)).resolves.toBe('JOB_ACTION_ACKNOWLEDGEMENT');
  expect(acks).toEqual([]);
});
