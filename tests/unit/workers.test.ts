// Worker handlers: variables decoded, use case called, and every outcome sent to the engine; a retried task records
// nothing twice; a completion refused by optimistic locking is sent again; the runtime serves topics by long polling.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createWorkers } from '../../workers';
import { BusinessOutcome, defineWorker, handleJob, retryBackOff, startWorkers, type Job } from '../../src/engine/worker';
import { createEngineClient, fromTypedVariables, toTypedVariables, type TypedVariables } from '../../src/engine/operaton';
import { createContactStore } from '../../src/store/contacts';
import { createRetentionStore } from '../../src/store/retention';
import { DEFAULT_RETENTION } from '../../src/domain/retention';
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

type Ack = { kind: 'complete' | 'failure' | 'bpmn-error'; arg: unknown };

/** A locked external task as the runtime hands it over, recording how the handler ended it. */
function aJob(variables: Record<string, unknown>, retries: number | null = null) {
  const acks: Ack[] = [];
  const ack = (kind: Ack['kind']) => (arg: unknown) => {
    acks.push({ kind, arg });
    return Promise.resolve();
  };
  const job: Job = {
    externalTaskId: 'task-1', processInstanceId: 'instance-2', activityId: 'Task', businessKey: null, retries,
    variables: toTypedVariables(variables),
    complete: ack('complete'), handleFailure: ack('failure'), handleBpmnError: ack('bpmn-error'),
  };
  return { job, acks };
}

/** An engine refusal as the external-task client throws it. */
const refusal = (httpStatusCode: number, type: string, message: string) => Object.assign(new Error(message), { httpStatusCode, type });

const echo = (handle: () => Promise<object>) =>
  defineWorker({ type: 'echo', input: z.object({ contactId: z.string().uuid() }), output: z.object({ done: z.boolean() }).partial(), handle });

const CONTACT = '5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11';
const { log, memory } = testLogger();

test('when the variables do not match the schema, then the task fails with no retries left, naming the field', async () => {
  const { job, acks } = aJob({ contactId: 'nope' });
  expect(await handleJob(echo(() => Promise.resolve({})), job, log)).toBe('failed');
  expect(acks).toEqual([{ kind: 'failure', arg: { errorMessage: 'Variables do not match: contactId: Invalid uuid', retries: 0, retryTimeout: 0 } }]);
});

test('when the use case throws, then the task fails with one retry fewer and a growing back-off, starting from the five declared', async () => {
  const first = aJob({ contactId: CONTACT });
  await handleJob(echo(() => Promise.reject(new Error('database is restarting'))), first.job, log);
  // The engine says null until the first failure.
  expect(first.acks).toEqual([{ kind: 'failure', arg: { errorMessage: 'database is restarting', retries: 4, retryTimeout: 1000 } }]);
  const later = aJob({ contactId: CONTACT }, 3);
  await handleJob(echo(() => Promise.reject(new Error('database is restarting'))), later.job, log);
  expect(later.acks).toEqual([{ kind: 'failure', arg: { errorMessage: 'database is restarting', retries: 2, retryTimeout: 4000 } }]);
  expect([5, 4, 3, 2, 1].map((r) => retryBackOff(r))).toEqual([1000, 2000, 4000, 8000, 16000]);
});

test('when the last try fails, then the incident is raised with no back-off, so a retry given in Cockpit runs at once', async () => {
  // The task's lock is what the back-off sets: a retry (PUT /external-task/{id}/retries) does not lift it.
  const last = aJob({ contactId: CONTACT }, 1);
  await handleJob(echo(() => Promise.reject(new Error('database is restarting'))), last.job, log);
  expect(last.acks).toEqual([{ kind: 'failure', arg: { errorMessage: 'database is restarting', retries: 0, retryTimeout: 0 } }]);
});

test('when the use case reports a business outcome, then a BPMN error is thrown for the model to catch', async () => {
  const { job, acks } = aJob({ contactId: CONTACT });
  expect(await handleJob(echo(() => Promise.reject(new BusinessOutcome('worker-not-allocated', 'not allocated'))), job, log)).toBe('bpmn-error');
  expect(acks).toEqual([{ kind: 'bpmn-error', arg: { errorCode: 'worker-not-allocated', errorMessage: 'not allocated' } }]);
});

test('when the use case succeeds, then the task completes with the output the schema allows, as typed variables', async () => {
  const { job, acks } = aJob({ contactId: CONTACT, other: 'ignored' });
  expect(await handleJob(echo(() => Promise.resolve({ done: true })), job, log)).toBe('completed');
  expect(acks).toEqual([{ kind: 'complete', arg: { done: { value: true, type: 'Boolean' } } }]);
});

test('when a worker would hand the engine a list or an object, then it is an incident naming the variable, not a retry', async () => {
  const listing = defineWorker({ type: 'listing', input: z.object({}), output: z.object({ options: z.array(z.string()) }), handle: () => Promise.resolve({ options: ['a'] }) });
  const { job, acks } = aJob({});
  await handleJob(listing, job, log);
  expect(acks).toEqual([{ kind: 'failure', arg: expect.objectContaining({ retries: 0, errorMessage: expect.stringMatching(/Variable "options" is a list/) }) }]);
});

test('when the engine refuses a completion by optimistic locking, then it is sent again and not lost', async () => {
  const { job, acks } = aJob({ contactId: CONTACT });
  let refused = 0;
  job.complete = (vars: TypedVariables) => {
    if (refused++ < 2) return Promise.reject(refusal(500, 'OptimisticLockingException', 'ENGINE-03005 Execution of UPDATE failed'));
    acks.push({ kind: 'complete', arg: vars });
    return Promise.resolve();
  };
  expect(await handleJob(echo(() => Promise.resolve({ done: true })), job, log)).toBe('completed');
  expect(refused).toBe(3);
  expect(acks.map((a) => a.kind)).toEqual(['complete']);
});

test('when the engine keeps refusing a completion, then the task is left locked to be fetched and done again, not failed', async () => {
  const { job, acks } = aJob({ contactId: CONTACT });
  job.complete = () => Promise.reject(refusal(500, 'OptimisticLockingException', 'ENGINE-03005'));
  expect(await handleJob(echo(() => Promise.resolve({ done: true })), job, log)).toBe('left-locked');
  expect(acks).toEqual([]);
});

test('when the task is gone by the time it is completed, then that is logged and not turned into a failure', async () => {
  const { job, acks } = aJob({ contactId: CONTACT });
  job.complete = () => Promise.reject(refusal(404, 'RestException', 'External task with id task-1 does not exist'));
  expect(await handleJob(echo(() => Promise.resolve({ done: true })), job, log)).toBe('gone');
  expect(acks).toEqual([]);
  expect(memory.entries).toContainEqual(expect.objectContaining({ message: 'job was gone when completed', externalTaskId: 'task-1' }));
});

test('variables: ids and routing facts go to the engine typed, and come back plain; anything else is refused', () => {
  expect(toTypedVariables({ s: 'x', b: false, i: 42, l: 2 ** 40, d: 1.5, n: null, u: undefined })).toEqual({
    s: { value: 'x', type: 'String' }, b: { value: false, type: 'Boolean' }, i: { value: 42, type: 'Integer' },
    l: { value: 2 ** 40, type: 'Long' }, d: { value: 1.5, type: 'Double' }, n: { value: null, type: 'Null' },
  });
  expect(() => toTypedVariables({ o: { a: 1 } })).toThrow('Variable "o" is of type object');
  expect(() => toTypedVariables({ a: [1] })).toThrow('Variable "a" is a list');
  expect(fromTypedVariables({ s: { value: 'x', type: 'String' }, i: { value: 1, type: 'integer' }, d: { value: '2026-11-24T10:00:00.000+0000', type: 'Date' } }))
    .toEqual({ s: 'x', i: 1, d: new Date('2026-11-24T10:00:00.000Z') });
  expect(() => fromTypedVariables({ j: { value: '{}', type: 'Json' } })).toThrow('Variable "j" is of type Json');
});

describe('the runtime, against a stand-in for the engine REST API', () => {
  /** Serves fetchAndLock from a queue of tasks (long polling), and records every other call. */
  async function standIn() {
    const calls: { path: string; body: Record<string, unknown>; authorization?: string }[] = [];
    const queue: object[] = [];
    let waiting: (() => void) | undefined;
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
        const path = req.url ?? '';
        calls.push({ path, body, authorization: req.headers.authorization });
        if (!path.endsWith('/fetchAndLock')) {
          res.statusCode = 204;
          res.end();
          return;
        }
        const answer = () => {
          waiting = undefined;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(queue.splice(0, Number(body.maxTasks))));
        };
        if (queue.length) answer();
        else {
          waiting = answer;
          setTimeout(() => waiting === answer && answer(), Number(body.asyncResponseTimeout ?? 0));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const restUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest`;
    return {
      restUrl,
      calls,
      offer(task: object) {
        queue.push(task);
        waiting?.();
      },
      close: () => new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    };
  }

  const aTask = (id: string, variables: Record<string, unknown>) => ({
    id, topicName: 'echo', processInstanceId: 'instance-2', processDefinitionKey: 'p', activityId: 'Task', businessKey: 'case-1', retries: null,
    variables: toTypedVariables(variables),
  });

  test('when a task of its topic is offered, then it is fetched with only the schema\'s variables, as the technical user, and completed', async () => {
    const engine = await standIn();
    const workers = startWorkers(createEngineClient({ restUrl: engine.restUrl, user: 'care-front-door', password: 'secret' }),
      [echo(() => Promise.resolve({ done: true }))], log, { asyncResponseTimeoutMs: 500 });
    try {
      engine.offer(aTask('t1', { contactId: CONTACT }));
      const deadline = Date.now() + 5_000;
      while (!engine.calls.some((c) => c.path.endsWith('/t1/complete')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const fetch = engine.calls.find((c) => c.path.endsWith('/fetchAndLock'));
      expect(fetch?.authorization).toBe(`Basic ${Buffer.from('care-front-door:secret').toString('base64')}`);
      expect(fetch?.body).toMatchObject({ asyncResponseTimeout: 500, topics: [{ topicName: 'echo', lockDuration: 30_000, variables: ['contactId'] }] });
      expect(engine.calls.find((c) => c.path.endsWith('/t1/complete'))?.body).toMatchObject({ variables: { done: { value: true, type: 'boolean' } } });
    } finally {
      await workers.close();
      await engine.close();
    }
  });

  test('when the workers close while a fetch waits, then it ends within the wait and what it brings is handed back, not left locked', async () => {
    const engine = await standIn();
    let handled = 0;
    const workers = startWorkers(createEngineClient({ restUrl: engine.restUrl, user: 'u', password: 'p' }),
      [echo(() => Promise.resolve({ done: !!++handled }))], log, { asyncResponseTimeoutMs: 1_000 });
    try {
      const deadline = Date.now() + 5_000;
      while (!engine.calls.some((c) => c.path.endsWith('/fetchAndLock')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const closing = workers.close();
      // The engine locked a task for the fetch under way just as the workers stopped.
      engine.offer(aTask('late', { contactId: CONTACT }));
      const started = Date.now();
      await closing;
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(handled).toBe(0);
      expect(engine.calls.map((c) => c.path)).toContain('/engine-rest/external-task/late/unlock');
    } finally {
      await workers.close();
      await engine.close();
    }
  });
});

describe('with the real case store', () => {
  const pool = createPool(env('TEST_DATABASE_URL'));
  const contacts = createContactStore(pool);
  // No Notify key and no mail server: person messages go to the outbox, which a test can count.
  const messaging = createMessaging({ NOTIFY_BASE_URL: 'http://127.0.0.1:9', NOTIFY_TEMPLATES: {}, NOTIFY_TIMEOUT_MS: 1_000, SMTP_FROM: 'x@council.test', SMTP_TIMEOUT_MS: 1_000 }, pool);
  // Only the completions the workers read are used here: no engine is asked.
  const readModel = createReadModel(pool, createEngineClient({ restUrl: 'http://127.0.0.1:9/engine-rest', user: 'none', password: 'none', timeoutMs: 500 }));
  const workers = Object.fromEntries(
    createWorkers({
      contacts, messages: messaging.deps, practitioners: createPractitionerStore(pool), decisions: readModel, completions: readModel, directory: createDirectory(pool), frontDoor: FRONT_DOOR,
      referrals: createReferralStore(pool), rac: createRacStore(pool), meetingCycle: meetingSchedule(DEFAULT_MEETING).cycle, advocacy: createAdvocacyStore(pool),
      advocacyEngine: { advocateNamed: () => Promise.reject(new Error('no engine in this test')), ended: () => Promise.reject(new Error('no engine in this test')), settled: () => Promise.reject(new Error('no engine in this test')) },
      reviewEngine: { supportStarted: () => Promise.reject(new Error('no engine in this test')), reviewRequested: () => Promise.reject(new Error('no engine in this test')) },
      referralEngine: { startReferral: () => Promise.reject(new Error('no engine in this test')), situationChanged: () => Promise.reject(new Error('no engine in this test')) },
      openTasks: { retime: () => Promise.reject(new Error('no engine in this test')) },
      retention: { store: createRetentionStore(pool), engine: { journeysOf: () => Promise.reject(new Error('no engine in this test')) }, policy: DEFAULT_RETENTION, batchSize: 10 },
    }).map((w) => [w.type, w]),
  );
  afterAll(() => pool.end());

  test('when an acknowledgement task is retried, then the person is sent one acknowledgement (C3)', async () => {
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

  test('when a safeguarding task is retried, then one concern and one stage are recorded', async () => {
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

  test('when a later task names a contact the store does not hold, then it fails and will be retried', async () => {
    const { job, acks } = aJob({ contactId: '00000000-0000-4000-8000-000000000000', imminentDanger: false });
    await handleJob(workers['raise-safeguarding-concern']!, job, log);
    expect(acks).toEqual([{ kind: 'failure', arg: expect.objectContaining({ retries: 4, errorMessage: expect.stringMatching(/No contact/) }) }]);
  });

  test('when a journey\'s first task finds its contact taken back by intake, then the journey is told "contact not recorded", not retried', async () => {
    const { job, acks } = aJob({ contactId: '00000000-0000-4000-8000-000000000000' });
    await handleJob(workers['record-contact']!, job, log);
    expect(acks).toEqual([{ kind: 'bpmn-error', arg: expect.objectContaining({ errorCode: 'contact-not-recorded' }) }]);
  });

  test('when the engine fails while answering a start but the journey has already recorded the contact, then the contact stands with that journey', async () => {
    const id = '7d1c2b8e-0b3a-4f0e-9a55-2d7e6c1f0a03';
    // The journey's first job runs before the engine's answer is lost.
    const started = await contacts.create(id, newContactSchema.parse(aContact()), 'web-intake', async () => {
      await handleJob(workers['record-contact']!, aJob({ contactId: id }).job, log);
      throw new Error('socket hang up');
    });
    expect(started).toEqual({ processInstanceKey: 'instance-2' });
    expect((await contacts.find(id))?.processInstanceKey).toBe('instance-2');
  });

  test('when the engine fails while answering a start and the journey has not recorded the contact, then the contact is removed and the failure passed on', async () => {
    const id = '7d1c2b8e-0b3a-4f0e-9a55-2d7e6c1f0a04';
    await expect(contacts.create(id, newContactSchema.parse(aContact()), 'web-intake', () => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
    expect(await contacts.find(id)).toBeUndefined();
  });

  test('when a referral is checked, then its missing items reach the journey as one line of text and no list goes with them', () => {
    const check = workers['check-referral']!;
    const out = check.output.parse({
      madeByThePerson: true, consented: true, lacksCapacity: false, bestInterestsSupports: false, careAndSupportProcess: 'assessment',
      substantialDifficulty: false, referralComplete: false, missingItems: ['Options considered', 'Other information'], skillsNeeded: ['dementia'],
    }) as Record<string, unknown>;
    expect(out.missingItems).toBe('Options considered; Other information');
    expect(out).not.toHaveProperty('skillsNeeded');
    expect(() => toTypedVariables(out)).not.toThrow();
  });
});
