// The inbox as staff use it (C11): the most urgent task first, overdue marked on the engine's clock, open tasks only
// unless asked; a team manager moves the work of the teams they manage; a task's form gets every value it reads.
import request from 'supertest';
import type { NewContactInput } from '../../src/domain/contact';
import { aContact, LETTER_RECEIVED_ON } from '../support/contacts';
import { as, eventually, startHarness, TRIAGE, type Harness, type Person, type TaskSummary } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function newContact(contact: NewContactInput = aContact()): Promise<string> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  return (res.body as { id: string }).id;
}

type Listed = TaskSummary & { overdue: boolean };

/** Where each task stands in the person's open inbox, reading it page by page as a person scrolling would. */
async function placesInInbox(person: Person, keys: string[]): Promise<number[]> {
  const places = new Map<string, number>();
  for (let page = 1; places.size < keys.length; page++) {
    const res = await request(h.app).get('/api/tasks').query({ page, pageSize: 200 }).set(await as(person)).expect(200);
    const tasks = res.body.tasks as Listed[];
    if (!tasks.length) break;
    tasks.forEach((t, i) => { if (keys.includes(t.key)) places.set(t.key, (page - 1) * 200 + i); });
  }
  return keys.map((k) => places.get(k) ?? -1);
}

const listed = async (person: Person, query: Record<string, string>) =>
  (await request(h.app).get('/api/tasks').query(query).set(await as(person)).expect(200)).body.tasks as Listed[];

test('when an urgent letter and two ordinary contacts wait for triage, then the inbox lists the urgent one first and the ordinary ones earliest due first, and marks a triage overdue once its 2 hours have passed (C11)', async () => {
  const first = await newContact();
  const a = await h.inboxTask('advisor', first, 'Triage the contact');
  // A minute later by the engine's clock, so the two ordinary triages are due a minute apart, not in the same second.
  await h.moveClock(60_000);
  const second = await newContact();
  const urgent = await newContact(aContact({ channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, markedUrgent: true } }));
  const [b, u] = await Promise.all([second, urgent].map((id) => h.inboxTask('advisor', id, 'Triage the contact')));
  expect(new Date(a.dueDate!).getTime()).toBeLessThan(new Date(b!.dueDate!).getTime());

  const [placeA, placeB, placeU] = await placesInInbox('advisor', [a.key, b!.key, u!.key]);
  expect(placeU).toBeGreaterThanOrEqual(0);
  expect(placeU).toBeLessThan(placeA!);
  expect(placeA).toBeLessThan(placeB!);
  expect((await listed('advisor', { caseId: first }))[0]).toMatchObject({ key: a.key, overdue: false });

  await h.moveClock(2 * 60 * 60_000 + 60_000);
  expect((await listed('advisor', { caseId: first })).find((t) => t.key === a.key)).toMatchObject({ overdue: true });
  await request(h.app).put(`/api/contacts/${urgent}/urgency`).set(await as('advisor')).send({ urgent: false, evidence: 'Not urgent: a form due next month.' }).expect(200);
});

test('when a triage is done, then the inbox no longer lists it unless completed tasks are asked for', async () => {
  const id = await newContact();
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  await h.claimAndComplete('advisor', task.key, TRIAGE('information-and-advice', await h.engineToday()));
  expect((await listed('advisor', { caseId: id })).map((t) => t.key)).not.toContain(task.key);
  expect((await listed('advisor', { caseId: id, state: 'completed' })).map((t) => t.key)).toContain(task.key);
});

test('when advisors filter their inbox, then "unassigned" leaves out what someone holds and "assigned to me" lists only what they hold', async () => {
  const id = await newContact();
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  expect((await listed('advisor', { caseId: id, unassigned: 'true' })).map((t) => t.key)).toEqual([task.key]);
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  expect(await listed('advisor', { caseId: id, unassigned: 'true' })).toEqual([]);
  expect((await listed('advisor', { caseId: id, assignee: 'ada.advisor' })).map((t) => t.key)).toEqual([task.key]);
  expect(await listed('otherAdvisor', { caseId: id, assignee: 'alan.advisor' })).toEqual([]);
});

test('when an advisor holds a triage, then a team manager sees it in the advisors\' inbox, gives it back and gives it to another advisor; a practitioner or another advisor cannot, and the manager cannot claim it or open the person\'s details', async () => {
  const id = await newContact();
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);

  // The manager's own inbox is their group's; the advisors' is there when asked for.
  expect((await listed('manager', { caseId: id })).map((t) => t.key)).not.toContain(task.key);
  expect((await listed('manager', { caseId: id, candidateGroup: 'contact-advisors' })).map((t) => t.key)).toEqual([task.key]);
  expect(await listed('practitioner', { caseId: id, candidateGroup: 'contact-advisors' })).toEqual([]);

  await request(h.app).delete(`/api/tasks/${task.key}/assignee`).set(await as('otherAdvisor')).expect(403);
  await request(h.app).delete(`/api/tasks/${task.key}/assignee`).set(await as('practitioner')).expect(404);
  await request(h.app).delete(`/api/tasks/${task.key}/assignee`).set(await as('manager')).expect(204);
  expect((await h.deps.readModel.findTask(task.key))?.assignee).toBeNull();

  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('manager')).expect(403);
  await request(h.app).get(`/api/tasks/${task.key}`).set(await as('manager')).expect(404);
  await request(h.app).put(`/api/tasks/${task.key}/assignee`).set(await as('advisor')).send({ assignee: 'ada.advisor' }).expect(403);
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  await request(h.app).put(`/api/tasks/${task.key}/assignee`).set(await as('manager')).send({ assignee: 'alan.advisor' }).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === 'alan.advisor', 'the task to be with alan.advisor');
  const bad = await request(h.app).put(`/api/tasks/${task.key}/assignee`).set(await as('manager')).send({ assignee: 'Alan Advisor' }).expect(400);
  expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/assignee']);
});

test('when an advisor opens a triage, then its form gets the signposting choices from the directory and whether the person made the contact, which its consent question depends on', async () => {
  const byThePerson = await newContact();
  const bySomeoneElse = await newContact(aContact({ madeBy: { kind: 'someone-else', name: 'Jo Example', relationship: 'daughter', basis: 'consent' } }));
  for (const [id, madeByThePerson] of [[byThePerson, true], [bySomeoneElse, false]] as const) {
    const task = await h.inboxTask('advisor', id, 'Triage the contact');
    const view = await request(h.app).get(`/api/tasks/${task.key}`).set(await as('advisor')).expect(200);
    expect(view.body.formData.madeByThePerson).toBe(madeByThePerson);
    const options = view.body.formData.signpostingOptions as { label: string; value: string }[];
    expect(options.length).toBeGreaterThan(3);
    expect(options.every((o) => typeof o.label === 'string' && /^[a-z0-9-]+$/.test(o.value))).toBe(true);
    // The picker and the condition the form holds read exactly these names.
    expect(JSON.stringify(view.body.form)).toContain('"valuesKey":"signpostingOptions"');
    expect(JSON.stringify(view.body.form)).toContain('=madeByThePerson');
  }
});
