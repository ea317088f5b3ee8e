// Human tasks on the real engine, read through the inbox, which reads the engine itself: who sees and acts, manager
// decisions, the 2-hour standard, and work done in the engine beside the service.
import request from 'supertest';
import type { NewContactInput } from '../../src/domain/contact';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, TRIAGE, type Harness, type Person } from '../support/harness';

const MINUTE = 60_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function newContact(contact: NewContactInput = aContact()): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  return res.body as { id: string; processInstanceKey: string };
}

/** The case's timeline in plain words, as the person would read it. */
async function timelineTexts(id: string, person: Person = 'manager'): Promise<string[]> {
  const res = await request(h.app).get(`/api/cases/${id}/timeline`).set(await as(person)).expect(200);
  return (res.body.timeline as { text: string }[]).map((e) => e.text);
}

/** Each of these appears in the texts, once, in this order. */
function expectInOrder(texts: string[], expected: string[]): void {
  for (const t of expected) expect(texts.filter((x) => x === t)).toEqual([t]);
  const at = expected.map((t) => texts.indexOf(t));
  expect(at).toEqual([...at].sort((a, b) => a - b));
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
  const triaged = TRIAGE('information-and-advice', await h.engineToday());
  await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor')).send(triaged).expect(403);
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('otherAdvisor')).expect(409);
  await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('otherAdvisor')).send(triaged).expect(403);

  const bad = await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor'))
    .send({ ...triaged, outcome: 'sort it out', wellbeing: '' }).expect(400);
  expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/outcome', '#/wellbeing']);
  expect((await h.pool.query('SELECT 1 FROM task_completions WHERE task_key = $1', [task.key])).rowCount).toBe(0);
  expect((await h.deps.readModel.findTask(task.key))?.state).toBe('created');

  await request(h.app).delete(`/api/tasks/${task.key}/assignee`).set(await as('advisor')).expect(204);
  expect((await h.deps.readModel.findTask(task.key))?.assignee).toBeNull();
});

test('when an advisor claims a task and completes it at once, then each request sees their claim: the completion is taken, not refused as unclaimed', async () => {
  for (let i = 0; i < 5; i++) {
    const { id } = await newContact();
    const task = await h.inboxTask('advisor', id, 'Triage the contact');
    await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
    await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor')).send(TRIAGE('information-and-advice', await h.engineToday())).expect(204);
    expect((await h.deps.readModel.findTask(task.key))?.state).toBe('completed');
  }
});

test('when the advisor is not clear or authorised, then a team manager decides the next steps before anything is committed (C7)', async () => {
  const { id } = await newContact();
  await h.triage(id, 'information-and-advice', false);
  const decision = await h.inboxTask('manager', id, 'Decide the next steps');
  expect((await h.contacts.find(id))?.stage).toBe('recorded');
  await request(h.app).post(`/api/tasks/${decision.key}/assignment`).set(await as('manager')).expect(204);
  await request(h.app).post(`/api/tasks/${decision.key}/completion`).set(await as('manager'))
    .send({
      outcome: 'safeguarding-concern', rationale: 'Bruising described by the daughter.',
      wellbeing: 'At risk at home.', prevention: 'None until she is safe.', informationAndAdvice: 'Told how the safeguarding enquiry works.',
    }).expect(204);
  await eventually(async () => (await h.contacts.find(id))?.stage === 'safeguarding-concern-raised', 'the concern');
});

test('when triage is not done within 2 hours, then a team manager is asked to chase it, and not a minute before (C11)', async () => {
  const { id, processInstanceKey } = await newContact();
  const triage = await h.inboxTask('advisor', id, 'Triage the contact');
  await h.timerDue(processInstanceKey, 'TwoHoursPassed');

  await h.moveClock(2 * 60 * MINUTE - MINUTE);
  await expect(eventually(async () => (await h.openTasks('manager', id, 'Chase the overdue contact'))[0], 'a premature escalation', 3_000)).rejects.toThrow(/Timed out/);

  await h.moveClock(2 * MINUTE);
  await h.inboxTask('manager', id, 'Chase the overdue contact');
  expect(await h.openTasks('advisor', id, 'Triage the contact')).toHaveLength(1);
  await eventually(async () => (await h.contacts.find(id))?.stage === 'response-standard-missed', 'the breach on the case');
  const deadlines = await request(h.app).get('/api/operations/deadlines').query({ within: 'PT1H' }).set(await as('manager')).expect(200);
  expect(deadlines.body.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'task', key: triage.key, step: 'Triage the contact', breached: true })]));

  // The case's timeline says it in plain words, in the order it happened; the triage is still to do.
  const timeline = await timelineTexts(id);
  expectInOrder(timeline, ['Receiving a contact began', 'Triage the contact: to do', '2 hours passed', 'Record the missed 2-hour standard: done', 'Chase the overdue contact: to do']);
  expect(timeline.filter((t) => t.startsWith('Triage the contact: done'))).toEqual([]);

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
  expect(await timelineTexts(id)).toContain('Triage the contact: done by ada.advisor');
});

test('when someone does a task in the engine itself (as in its Tasklist), then the inbox shows it done by them at once, nobody can do it again, and the timeline tells it', async () => {
  const { id } = await newContact(aContact({ flags: { imminentDanger: true } }));
  const call = await h.inboxTask('advisor', id, 'Call 999 and get medical help');
  // Alan takes and finishes the 999 call straight in the engine, not through the service.
  await h.engine.send('POST', `/task/${call.key}/claim`, { userId: 'alan.advisor' });
  await h.engine.send('POST', `/task/${call.key}/complete`, { variables: {} });

  // No copy to catch up: the very next read shows it.
  expect(await h.openTasks('advisor', id, 'Call 999 and get medical help')).toEqual([]);
  const queue = await request(h.app).get('/api/tasks').query({ state: 'created' }).set(await as('advisor')).expect(200);
  expect(queue.body.tasks.map((t: { key: string }) => t.key)).not.toContain(call.key);
  const view = await request(h.app).get(`/api/tasks/${call.key}`).set(await as('advisor')).expect(200);
  expect(view.body).toMatchObject({ key: call.key, name: 'Call 999 and get medical help', state: 'completed', assignee: 'alan.advisor', caseId: id });
  const done = await request(h.app).get('/api/tasks').query({ caseId: id, state: 'completed' }).set(await as('advisor')).expect(200);
  expect(done.body.tasks).toEqual([expect.objectContaining({ key: call.key, state: 'completed', assignee: 'alan.advisor' })]);

  // Ada, who had it open, cannot take it or complete it again, and nothing is recorded for her.
  await request(h.app).post(`/api/tasks/${call.key}/assignment`).set(await as('advisor')).expect(409);
  await request(h.app).post(`/api/tasks/${call.key}/completion`).set(await as('otherAdvisor')).send({}).expect(409);
  expect((await h.pool.query('SELECT 1 FROM task_completions WHERE task_key = $1', [call.key])).rowCount).toBe(0);

  expectInOrder(await timelineTexts(id, 'advisor'), ['Call 999 and get medical help: to do', 'Call 999 and get medical help: done by alan.advisor', 'Triage the contact: to do']);
});

test('when the service restarts while a journey waits on its work, then the journey carries on and the inbox and timeline show each step once', async () => {
  const { id, processInstanceKey } = await newContact();
  const triage = await h.inboxTask('advisor', id, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${triage.key}/assignment`).set(await as('advisor')).expect(204);
  // A second contact arrives as the service stops: its first step waits in the engine for the workers.
  const { id: other, processInstanceKey: otherInstance } = await newContact(aContact({ person: { ...aContact().person, nhsNumber: '4010232161' } }));
  await h.close();
  h = await startHarness();

  // The restarted service knows at once what was there before it stopped: nothing was kept beside the engine to rebuild.
  expect(await h.openTasks('advisor', id, 'Triage the contact')).toEqual([expect.objectContaining({ key: triage.key, assignee: 'ada.advisor' })]);
  // The waiting journey carries on, each step done once.
  await h.inboxTask('advisor', other, 'Triage the contact');
  expect((await h.contacts.find(other))?.history.map((e) => e.stage)).toEqual(['received', 'recorded']);
  for (const [caseId, instance] of [[id, processInstanceKey], [other, otherInstance]] as const) {
    const texts = await timelineTexts(caseId, 'advisor');
    expectInOrder(texts, ['Receiving a contact began', 'Record the contact: done', 'Triage the contact: to do']);
    expect(await h.ended(instance)).toBe(false);
  }
  expect(await h.openTasks('advisor', other, 'Triage the contact')).toHaveLength(1);

  // And what was started before the restart finishes after it.
  await h.claimAndComplete('advisor', triage.key, TRIAGE('referral-for-assessment', await h.engineToday()));
  await eventually(async () => (await h.contacts.find(id))?.stage === 'passed-on', 'the outcome');
  expect(await timelineTexts(id, 'advisor')).toContain('Triage the contact: done by ada.advisor');
});
