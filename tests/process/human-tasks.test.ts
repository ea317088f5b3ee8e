// Human tasks on the real broker, read through the projected inbox: who sees and acts, manager decisions, the 2-hour standard.
import request from 'supertest';
import { startProjector } from '../../src/store/projector';
import { aContact } from '../support/contacts';
import { as, env, eventually, startHarness, TRIAGE, type Harness } from '../support/harness';

const MINUTE = 60_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function newContact(): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201);
  return res.body as { id: string; processInstanceKey: string };
}

test('when a contact needs triage, then only contact advisors see the task, with its form, due date and case summary', async () => {
  const { id } = await newContact();
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  expect(await h.openTasks('practitioner', id, 'Triage the contact')).toEqual([]);
  await request(h.app).get(`/api/tasks/${task.key}`).set(await as('practitioner')).expect(404);
  const view = await request(h.app).get(`/api/tasks/${task.key}`).set(await as('advisor')).expect(200);
  expect(view.body).toMatchObject({ name: 'Triage the contact', candidateGroups: ['contact-advisors'], formId: 'triage-contact', caseId: id });
  expect(view.body.form.components.map((c: { key: string }) => c.key)).toContain('wellbeing');
  expect(view.body.case).toMatchObject({ channel: 'phone', person: { name: 'Margaret Example', preferredContactMethod: 'phone' } });
  expect(new Date(view.body.dueDate).getTime() - new Date(view.body.createdAt).getTime()).toBeGreaterThanOrEqual(2 * 60 * MINUTE - 1000);
});

test('when a completion is bad or comes from someone other than the assignee, then it is refused and nothing changes', async () => {
  const { id } = await newContact();
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor')).send(TRIAGE('information-and-advice')).expect(403);
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === 'ada.advisor', 'the claim to show');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('otherAdvisor')).expect(409);
  await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('otherAdvisor')).send(TRIAGE('information-and-advice')).expect(403);

  const bad = await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor'))
    .send({ ...TRIAGE('information-and-advice'), outcome: 'sort it out', wellbeing: '' }).expect(400);
  expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/outcome', '#/wellbeing']);
  expect((await h.pool.query('SELECT 1 FROM task_completions WHERE task_key = $1', [task.key])).rowCount).toBe(0);
  expect((await h.deps.readModel.findTask(task.key))?.state).toBe('created');

  await request(h.app).delete(`/api/tasks/${task.key}/assignee`).set(await as('advisor')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === null, 'the task to be unassigned');
});

test('when the advisor is not clear or authorised, then a team manager decides the next steps before anything is committed (C7)', async () => {
  const { id } = await newContact();
  await h.triage(id, 'information-and-advice', false);
  const decision = await h.inboxTask('manager', id, 'Decide the next steps');
  expect((await h.contacts.find(id))?.stage).toBe('recorded');
  await request(h.app).post(`/api/tasks/${decision.key}/assignment`).set(await as('manager')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(decision.key))?.assignee === 'mary.manager', 'the claim to show');
  await request(h.app).post(`/api/tasks/${decision.key}/completion`).set(await as('manager'))
    .send({
      outcome: 'safeguarding-concern', rationale: 'Bruising described by the daughter.',
      wellbeing: 'At risk at home.', prevention: 'None until she is safe.', informationAndAdvice: 'Told how the safeguarding enquiry works.',
    }).expect(204);
  await eventually(async () => (await h.contacts.find(id))?.stage === 'safeguarding-concern-raised', 'the concern');
});

test('when triage is not done within 2 hours, then a team manager is asked to chase it, and not a minute before (C11)', async () => {
  const { id } = await newContact();
  const triage = await h.inboxTask('advisor', id, 'Triage the contact');
  await eventually(async () => (await h.pool.query(`SELECT 1 FROM timers t JOIN user_tasks u ON u.process_instance_key = t.process_instance_key
    WHERE u.key = $1 AND t.element_id = 'TwoHoursPassed'`, [triage.key])).rowCount === 1, 'the 2-hour timer');

  await h.moveClock(2 * 60 * MINUTE - MINUTE);
  await expect(eventually(async () => (await h.openTasks('manager', id, 'Chase the overdue contact'))[0], 'a premature escalation', 3_000)).rejects.toThrow(/Timed out/);

  await h.moveClock(2 * MINUTE);
  await h.inboxTask('manager', id, 'Chase the overdue contact');
  expect(await h.openTasks('advisor', id, 'Triage the contact')).toHaveLength(1);
  await eventually(async () => (await h.contacts.find(id))?.stage === 'response-standard-missed', 'the breach on the case');
  const deadlines = await request(h.app).get('/api/operations/deadlines').query({ within: 'PT1H' }).set(await as('manager')).expect(200);
  expect(deadlines.body.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'task', key: triage.key, step: 'Triage the contact', breached: true })]));

  const timeline = await request(h.app).get(`/api/cases/${id}/timeline`).set(await as('manager')).expect(200);
  expect(timeline.body.timeline.map((e: { text: string }) => e.text)).toEqual(expect.arrayContaining(['Started: Triage the contact', 'Started: Two hours passed', 'Started: Chase the overdue contact']));

  // The standard is measured: the open breach counts now, and once triaged the contact counts as answered late.
  const measure = async () => (await request(h.app).get('/api/operations/response-standard').query({ over: 'P1D' }).set(await as('manager')).expect(200)).body;
  const before = await measure();
  expect(before.byChannel.find((r: { channel: string }) => r.channel === 'phone')).toMatchObject({ openBreached: expect.any(Number) });
  expect(before.total.openBreached).toBeGreaterThanOrEqual(1);
  await h.triage(id, 'information-and-advice');
  const after = await eventually(async () => {
    const m = await measure();
    return m.total.answeredLate > (before.total.answeredLate as number) && m;
  }, 'the late answer to be counted');
  expect(after.total.openBreached).toBe(before.total.openBreached - 1);
  expect(after.byChannel.find((r: { channel: string }) => r.channel === 'phone')).toMatchObject({ medianMinutes: expect.any(Number), p90Minutes: expect.any(Number) });
  await request(h.app).get('/api/operations/response-standard').query({ over: 'a month' }).set(await as('manager')).expect(400);
});

test('when the projector restarts while records arrive, then the read model loses and duplicates nothing', async () => {
  const projected = async () => Number((await h.pool.query<{ n: string }>('SELECT count(*) AS n FROM projected_records')).rows[0]?.n);
  const timelineRows = async () => Number((await h.pool.query<{ n: string }>('SELECT count(*) AS n FROM timeline')).rows[0]?.n);
  await h.stopProjector();
  const { id } = await newContact();
  const before = await timelineRows();
  // The journey runs on while no projector reads: its records wait in the streams.
  await eventually(async () => (await h.contacts.find(id))?.stage === 'recorded', 'the contact to be recorded');
  const projector = await startProjector({ pool: h.pool, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: env('TEST_EXPORT_STREAM_PREFIX'), log: h.log });
  try {
    await h.inboxTask('advisor', id, 'Triage the contact');
    expect(await timelineRows()).toBeGreaterThan(before);
    const dupes = await h.pool.query('SELECT element_instance_key, event, count(*) FROM timeline GROUP BY 1, 2 HAVING count(*) > 1');
    expect(dupes.rows).toEqual([]);
    expect(await projected()).toBeGreaterThan(0);
  } finally {
    await projector.stop();
  }
});
