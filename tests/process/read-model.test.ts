// The read model, projected from the real broker's exported records: timeline with element names, timers, incidents.
import path from 'node:path';
import request from 'supertest';
import { z } from 'zod';
import { defineWorker, startWorkers } from '../../src/engine/worker';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, type Harness } from '../support/harness';
import { project, startProjector } from '../../src/store/projector';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function rows<T extends object>(sql: string, params: unknown[]): Promise<T[]> {
  return (await h.pool.query<T>(sql, params)).rows;
}

test('when a contact reaches its follow-up timer, then the timeline names each step and the timer shows its due date', async () => {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201);
  const { id, processInstanceKey } = res.body as { id: string; processInstanceKey: string };
  await h.triage(id, 'information-and-advice');
  const timer = await eventually(async () => (await rows<{ due_at: Date; state: string; element_id: string }>(
    `SELECT due_at, state, element_id FROM timers WHERE process_instance_key = $1 AND element_id = 'FollowUpDue'`, [processInstanceKey]))[0], 'the timer in the read model');
  expect(timer).toMatchObject({ state: 'waiting', element_id: 'FollowUpDue' });
  // Timers and the timeline come from different streams; wait for the timeline to catch up with the timer.
  const steps = await eventually(async () => {
    const found = await rows<{ name: string; event: string }>(
      `SELECT e.name, t.event FROM timeline t JOIN process_elements e ON e.process_definition_key = t.process_definition_key AND e.element_id = t.element_id
       WHERE t.process_instance_key = $1 ORDER BY t.position`, [processInstanceKey]);
    return found.some((s) => s.name === 'Follow-up due') && found;
  }, 'the timeline to reach the timer');
  // Acknowledging, telling the person the outcome and alerting a worker run beside the main path: follow the main path.
  const besideTheMainPath = new Set([
    'Decide whether to acknowledge', 'Acknowledge the contact?', 'No acknowledgement needed',
    'Outcome sent; next steps', 'Outcome delivered?', 'Tell the person the outcome', 'Allocated worker to alert?', 'No worker to alert',
  ]);
  expect(steps.filter((s) => !besideTheMainPath.has(s.name)).map((s) => `${s.event} ${s.name}`)).toEqual([
    'entered Receiving a contact', 'entered Contact received', 'left Contact received', 'entered Record the contact', 'left Record the contact',
    'entered Acknowledge and screen at once', 'left Acknowledge and screen at once',
    'entered Screen the contact', 'left Screen the contact', 'entered Safeguarding at once?', 'left Safeguarding at once?',
    'entered Named worker or team asked for?', 'left Named worker or team asked for?', 'entered Managed by the service', 'left Managed by the service',
    'entered Offer the signposting directory', 'left Offer the signposting directory',
    'entered Triage the contact', 'left Triage the contact', 'entered Action clear and authorised?', 'left Action clear and authorised?',
    'entered Outcome decided', 'left Outcome decided', 'entered Safeguarding concern?', 'left Safeguarding concern?',
    'entered Send the outcome to the person', 'left Send the outcome to the person', 'entered Which outcome?', 'left Which outcome?',
    'entered Record information and advice given', 'left Record information and advice given', 'entered Follow-up due',
  ]);
  expect(steps.map((s) => `${s.event} ${s.name}`)).toEqual(expect.arrayContaining(['entered Tell the person the outcome', 'left No worker to alert']));
  const created = await rows<{ at: Date }>(`SELECT at FROM timeline WHERE process_instance_key = $1 AND element_id = 'FollowUpDue'`, [processInstanceKey]);
  // Due 14 days after the timer was entered; the engine reads its clock per command, so allow a second either side.
  expect(Math.abs(timer.due_at.getTime() - (created[0]?.at.getTime() ?? 0) - 14 * 24 * 60 * 60 * 1000)).toBeLessThan(1000);

  await h.moveClock(15 * 24 * 60 * 60 * 1000);
  await eventually(async () => (await rows<{ state: string }>(`SELECT state FROM timers WHERE process_instance_key = $1 AND element_id = 'FollowUpDue'`, [processInstanceKey]))[0]?.state === 'fired', 'the timer to fire');
});

test('when a job fails with no retries left, then an open incident shows; when it is resolved, then it shows as resolved', async () => {
  await h.zeebe.deployResources([{ processFilename: path.join(__dirname, '..', 'fixtures', 'models', 'incident', 'incident.bpmn') }]);
  let healthy = false;
  const worker = startWorkers(h.zeebe, [defineWorker({
    type: 'test-flaky', input: z.object({}), output: z.object({}),
    handle: () => (healthy ? Promise.resolve({}) : Promise.reject(new Error('the case system answered 502'))),
  })], h.log);
  try {
    const { processInstanceKey } = await h.zeebe.createProcessInstance({ bpmnProcessId: 'test-incident', variables: {} });
    const open = await eventually(async () => (await rows<{ key: string; job_key: string; state: string; error_message: string }>(
      'SELECT key, job_key, state, error_message FROM incidents WHERE process_instance_key = $1', [processInstanceKey]))[0], 'the incident');
    expect(open).toMatchObject({ state: 'open', error_message: 'the case system answered 502' });

    healthy = true;
    await h.zeebe.updateJobRetries({ jobKey: open.job_key, retries: 1 });
    await h.zeebe.resolveIncident({ incidentKey: open.key });
    await eventually(async () => (await rows<{ state: string }>('SELECT state FROM incidents WHERE key = $1', [open.key]))[0]?.state === 'resolved', 'the incident to be resolved');
    await eventually(async () => (await rows<{ state: string }>('SELECT state FROM process_instances WHERE key = $1', [processInstanceKey]))[0]?.state === 'completed', 'the instance to finish');
  } finally {
    await worker.close();
  }
});

test('when the same records are projected twice, then nothing is duplicated', async () => {
  const record = { partitionId: 1, position: 9_000_000_001, key: 9_000_000_001, timestamp: Date.now(), valueType: 'TIMER', intent: 'CREATED',
    value: { processInstanceKey: 1, processDefinitionKey: 1, targetElementId: 'X', dueDate: Date.now() } };
  expect(await project(h.pool, [record])).toBe(1);
  expect(await project(h.pool, [record])).toBe(0);
  expect((await rows('SELECT * FROM timers WHERE key = $1', ['9000000001'])).length).toBe(1);
});

test('when Redis cannot be reached at start-up, then the projector says so instead of waiting for ever', async () => {
  await expect(startProjector({ pool: h.pool, redisUrl: 'redis://127.0.0.1:1', prefix: 'nowhere', log: h.log }))
    .rejects.toThrow('Redis at redis://127.0.0.1:1 could not be reached (connect ECONNREFUSED 127.0.0.1:1); start it or set REDIS_URL.');
});
