// The receiving-a-contact journey on the real engine: safeguarding at once, triage, and the follow-up timer and call.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { z } from 'zod';
import { newContactSchema, routingFacts, type NewContactInput } from '../../src/domain/contact';
import { createJourneyEngine } from '../../src/engine/journeys';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, TRIAGE, type Harness } from '../support/harness';
import { addDays, addDuration, londonDay } from '../../src/domain/london-calendar';
import { nextWorkingDay, onAWorkingDay } from '../../src/domain/working-days';

const activities = z.array(z.object({ activityId: z.string() }));
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function post(contact: NewContactInput): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  return res.body as { id: string; processInstanceKey: string };
}

async function stageOf(id: string): Promise<string | undefined> {
  return (await h.contacts.find(id))?.stage;
}

async function concernOf(id: string): Promise<{ imminent_danger: boolean } | undefined> {
  const { rows } = await h.pool.query<{ imminent_danger: boolean }>('SELECT imminent_danger FROM safeguarding_concerns WHERE contact_id = $1', [id]);
  return rows[0];
}

describe('safeguarding at once (C10), and the contact still triaged (F1)', () => {
  test.each([
    ['imminent danger', { imminentDanger: true }, true],
    ['a safeguarding concern', { safeguardingConcern: true }, false],
    ['imminent danger and an urgent flag', { imminentDanger: true, urgent: true }, true],
  ])('when a contact reports %s, then a concern is raised at once and recorded, and the contact is still triaged, ahead of ordinary contacts', async (_what, flags, imminent) => {
    const { id } = await post(aContact({ flags }));
    await eventually(async () => (await stageOf(id)) === 'safeguarding-concern-raised', 'the concern');
    expect(await concernOf(id)).toEqual({ imminent_danger: imminent });
    const view = await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200);
    expect(view.body.journey).toMatch(imminent ? /police \(999\)/ : /^Safeguarding concern raised\.$/);
    expect((await h.contacts.find(id))?.history.map((e) => e.stage)).toEqual(['received', 'recorded', 'safeguarding-concern-raised']);
    if (imminent) {
      // The 999 call comes first; the triage follows it.
      expect(await h.openTasks('advisor', id, 'Triage the contact')).toEqual([]);
      const call = await h.inboxTask('advisor', id, 'Call 999 and get medical help');
      await h.claimAndComplete('advisor', call.key, { policeCalled: true, medicalHelpCalled: true, actionTaken: 'Police and ambulance on their way.' });
    }
    const triage = await h.inboxTask('advisor', id, 'Triage the contact');
    expect(triage.priority).toBe(imminent ? 90 : 80);
  });
});

describe('information and advice with a follow-up by risk (U1)', () => {
  test.each([
    ['urgent', { urgent: true }, 'high', 'P2D'],
    ['not urgent', {}, 'low', 'P14D'],
  ])('when a contact is %s and triaged to advice, then the follow-up call task appears only after the clock passes the follow-up', async (_what, flags, risk, after) => {
    // The person asked to hear by e-mail, so the outcome is sent and no advisor needs to phone them.
    const { id, processInstanceKey } = await post(aContact({ flags, person: { ...aContact().person, preferredContactMethod: 'email', email: 'margaret@example.org' } }));
    await h.triage(id, 'information-and-advice');
    await eventually(async () => (await stageOf(id)) === 'information-and-advice-given', 'advice to be recorded');
    const record = await h.contacts.find(id);
    expect(record?.history.find((e) => e.stage === 'information-and-advice-given')?.detail).toEqual({ risk, followUpAfter: after, followUpBy: 'contact-team' });
    await h.jobCompleted(processInstanceKey, 'record-information-and-advice');

    // P2D or P14D on the London calendar: 23 or 25 hours in a day when the clocks change between.
    const due = await h.timerDue(processInstanceKey, 'FollowUpDue');
    expect(Math.abs(due.getTime() - onAWorkingDay(addDuration(await h.deps.engineNow(), after)).getTime())).toBeLessThan(60_000);
    await h.moveClock(due.getTime() - (await h.deps.engineNow()).getTime() - 60_000);
    // One minute short of the deadline: the timer must not fire. Give the engine a bounded chance to prove us wrong.
    await expect(eventually(async () => (await stageOf(id)) === 'follow-up-due', 'a premature follow-up', 3_000)).rejects.toThrow(/Timed out/);

    await h.moveClock(2 * 60_000);
    await eventually(async () => (await stageOf(id)) === 'follow-up-due', 'the follow-up to fall due');
    const call = await h.inboxTask('practitioner', id, 'Make the follow-up call');
    await request(h.app).post(`/api/tasks/${call.key}/assignment`).set(await as('practitioner')).expect(204);
    await request(h.app).post(`/api/tasks/${call.key}/completion`).set(await as('practitioner')).send({ reached: true, adviceHelped: 'yes' }).expect(204);
    await eventually(() => h.ended(processInstanceKey), 'the journey to end');
  });
});

test('when triage passes a contact on for assessment, then the outcome is recorded and the first contact ends (C12)', async () => {
  const { id } = await post(aContact());
  await h.triage(id, 'referral-for-assessment');
  await eventually(async () => (await stageOf(id)) === 'passed-on', 'the outcome');
  const view = await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200);
  expect(view.body.journey).toBe('Passed on: referral for assessment.');
  // C12: the record holds the triage and decision, with the information and advice given.
  expect(view.body.decisions).toEqual([expect.objectContaining({
    formId: 'triage-contact', completedBy: 'ada.advisor',
    data: expect.objectContaining({ outcome: 'referral-for-assessment', wellbeing: expect.any(String), prevention: expect.any(String), informationAndAdvice: expect.any(String) }),
  })]);
  expect(view.body.leadPractitioner).toBeNull();
});

test('when the date agreed with the person comes before the risk\'s limit, then the follow-up call falls due that morning, and a manager chases it when that working day ends without the call (C8, U1)', async () => {
  const { id, processInstanceKey } = await post(aContact({ person: { ...aContact().person, preferredContactMethod: 'email', email: 'margaret@example.org' } }));
  // The first working day three or more days from the engine's London day, well inside the 14 days a low risk allows.
  const agreed = nextWorkingDay(addDays(londonDay(await h.deps.engineNow()), 3));
  await h.triage(id, 'information-and-advice', true, { nextContactBy: agreed });
  const followUpDue = await h.timerDue(processInstanceKey, 'FollowUpDue');
  // 9am London time on the agreed day (GMT in winter, BST in summer).
  expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' }).format(followUpDue))
    .toBe(`${agreed.slice(8, 10)}/${agreed.slice(5, 7)}/${agreed.slice(0, 4)}, 09:00`);

  await h.moveClock(followUpDue.getTime() - (await h.deps.engineNow()).getTime() + 60_000);
  await h.inboxTask('practitioner', id, 'Make the follow-up call');
  await expect(eventually(async () => (await h.openTasks('manager', id, 'Chase the late follow-up call'))[0], 'a premature chase', 3_000)).rejects.toThrow(/Timed out/);
  await h.moveClock(8 * 60 * 60_000);
  await h.inboxTask('manager', id, 'Chase the late follow-up call');

  // Not reached: asked nothing about the advice, and the call comes round again the next day.
  const call = await h.inboxTask('practitioner', id, 'Make the follow-up call');
  await request(h.app).post(`/api/tasks/${call.key}/assignment`).set(await as('practitioner')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(call.key))?.assignee === 'pat.practitioner', 'the claim');
  const half = await request(h.app).post(`/api/tasks/${call.key}/completion`).set(await as('practitioner')).send({ reached: true }).expect(400);
  expect(half.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/adviceHelped']);
  await request(h.app).post(`/api/tasks/${call.key}/completion`).set(await as('practitioner')).send({ reached: false, notes: 'No answer.' }).expect(204);
  const nextDay = await h.timerDue(processInstanceKey, 'NextDay');
  // Tried again at the same time the next working day after the call that did not reach them.
  const untilNextDay = nextDay.getTime() - onAWorkingDay(addDuration(await h.deps.engineNow(), 'P1D')).getTime();
  expect(untilNextDay).toBeGreaterThan(-60_000);
  expect(untilNextDay).toBeLessThanOrEqual(0);
  await h.moveClock(nextDay.getTime() - (await h.deps.engineNow()).getTime() + 60_000);
  await eventually(async () => (await h.openTasks('practitioner', id, 'Make the follow-up call')).find((t) => t.key !== call.key), 'the call tried again');
});


test('when triage says the allocated worker will follow the advice up, then it is recorded with who, and the call goes to them; a person with no allocated worker cannot be given one (U1)', async () => {
  const { id, processInstanceKey } = await post(aContact());
  await h.triage(id, 'information-and-advice', true, { followUpBy: 'allocated-worker' });
  await h.jobCompleted(processInstanceKey, 'record-information-and-advice');
  const given = (await h.contacts.find(id))?.history.find((e) => e.stage === 'information-and-advice-given');
  expect(given?.detail).toMatchObject({ followUpBy: 'allocated-worker', followUpWorker: 'pat.practitioner' });
  const view = (await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200)).body;
  expect(view.journey).toMatch(/by the person's allocated worker\.$/);
  // The call, when it falls due, is offered to Pat by name.
  const due = await h.timerDue(processInstanceKey, 'FollowUpDue');
  await h.moveClock(due.getTime() - (await h.deps.engineNow()).getTime() + 60_000);
  expect(await h.inboxTask('practitioner', id, 'Make the follow-up call')).toMatchObject({ candidateUsers: ['pat.practitioner'] });

  // Nobody is allocated to this person: the advisor is told by field.
  const { id: other } = await post(aContact({ person: { ...aContact().person, nhsNumber: '4010232161' } }));
  const task = await h.inboxTask('advisor', other, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === 'ada.advisor', 'the claim');
  const refused = await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor'))
    .send({ outcome: 'information-and-advice', wellbeing: 'Managing.', prevention: 'None needed.', informationAndAdvice: 'Age UK.', nextContactBy: TRIAGE('x', await h.engineToday()).nextContactBy, actionClear: true, followUpBy: 'allocated-worker' }).expect(400);
  expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/followUpBy']);
});

test('when the engine started a journey but the caller was told the contact was not recorded, then that journey ends without writing to anyone or raising an incident', async () => {
  // What intake leaves when an engine dies after starting the journey and before answering: a journey, and no contact.
  const id = randomUUID();
  const { processInstanceKey } = await createJourneyEngine(h.engine).startReceivingAContact(routingFacts(id, newContactSchema.parse(aContact({ channel: 'email' }))));
  await eventually(() => h.ended(processInstanceKey), 'the journey to end');
  const path = await h.engine.get('/history/activity-instance', activities, { query: { processInstanceId: processInstanceKey } });
  expect(path.map((a) => a.activityId)).toContain('ContactNotRecorded');
  expect(path.map((a) => a.activityId)).not.toContain('AcknowledgeAndScreen');
  expect(h.notify.notifications.filter((n) => n.reference?.startsWith(`${id}:`))).toEqual([]);
  expect(await h.engine.get('/history/incident', z.array(z.unknown()), { query: { processInstanceId: processInstanceKey } })).toEqual([]);
});
