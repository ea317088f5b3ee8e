// Journey 2 end to end on the real engine: a named worker or team asked for is checked (T1, T2), the transfer-or-manage
// table decides (T6), and the contact is passed on or managed here with messages, call-back deadlines and alerts (T3–T5, T7).
import request from 'supertest';
import { z } from 'zod';
import { describeStage, type NewContactInput } from '../../src/domain/contact';
import { aContact, LETTER_RECEIVED_ON } from '../support/contacts';
import { as, eventually, inWords, startHarness, type Harness } from '../support/harness';
import { addDuration } from '../../src/domain/london-calendar';
import { onAWorkingDay } from '../../src/domain/working-days';

const MINUTE = 60_000;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

// People the seeded practitioner directory knows (src/store/seed/practitioner-directory.json).
const ALLOCATED_TO_PAT = '401 023 2137'; // Pat is available
const ALLOCATED_TO_SAM = '401 023 2145'; // Sam is on leave, back in 12 days; Pat, in Sam's team, is free
const ALLOCATED_TO_LEE = '401 023 2153'; // Lee is away, return unknown; the only colleague is away too
const ASSESSED_BY_CMHT = '401 023 2161'; // no worker; the Community Mental Health Team does the assessment

function asking(nhsNumber: string | undefined, asked: string, change: Partial<NewContactInput['person']> = {}): NewContactInput {
  const person = { ...aContact().person };
  delete person.nhsNumber;
  return aContact({
    flags: { namedWorkerAskedFor: true },
    namedWorkerOrTeam: asked,
    person: { ...person, ...(nhsNumber ? { nhsNumber } : {}), ...change },
  });
}

async function post(contact: NewContactInput): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  return res.body as { id: string; processInstanceKey: string };
}

/** The advisor's judgement on the call: not general advice; whether the allocated worker is the one to manage it. */
async function judge(id: string, allocatedWorkerMostAppropriate = false): Promise<void> {
  const task = await h.inboxTask('advisor', id, 'Decide who should manage the contact');
  await h.claimAndComplete('advisor', task.key, { generalInformationAndAdvice: false, allocatedWorkerMostAppropriate });
}

const mailTo = (address: string, id: string) => h.smtp.received.filter((m) => m.to.includes(address) && m.body.includes(id));
const stage = async (id: string, name: string) => (await h.contacts.find(id))?.history.find((e) => e.stage === name);
const ended = (processInstanceKey: string) => h.ended(processInstanceKey);
const engineTasks = z.array(z.object({ id: z.string(), assignee: z.string().nullable(), due: z.string().nullable() }));

test('when the person asks for their allocated worker and the worker is free, then the contact is passed to them and the front door does nothing more (T1, T6 transfer 1, T5)', async () => {
  const { id, processInstanceKey } = await post(asking(ALLOCATED_TO_PAT, 'pat practitioner'));
  await judge(id);
  const transferred = await eventually(() => stage(id, 'transferred'), 'the transfer');
  expect(transferred.detail).toMatchObject({ to: 'pat.practitioner', target: 'allocated-worker', reason: expect.stringMatching(/^Transfer 1/) });
  const inbox = await request(h.app).get('/api/messages/inbox').set(await as('practitioner')).expect(200);
  expect(inbox.body.messages.find((m: { caseId: string }) => m.caseId === id)).toMatchObject({ subject: 'A phone contact has been transferred to you' });
  await eventually(() => Promise.resolve(mailTo('pat.practitioner@council.example', id).length === 1), 'the e-mail to Pat');
  await eventually(() => ended(processInstanceKey), 'the journey to end');
  expect(await h.openTasks('advisor', id, 'Triage the contact')).toEqual([]);
  // C12: the record names who leads from here.
  expect((await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200)).body.leadPractitioner).toBe('pat.practitioner');
});

test('when a letter for the allocated worker is to be transferred, then they first say whether they want the original and who acknowledges it, and only then is it passed to them (T5)', async () => {
  const { id, processInstanceKey } = await post({ ...asking(ALLOCATED_TO_PAT, 'Pat Practitioner'), channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, acknowledgementRequested: true } });
  await judge(id);
  const agree = await h.inboxTask('practitioner', id, 'Agree how the written contact is passed on');
  // The letter asked for an acknowledgement (C4); the person reads large print, so an advisor sends it another way.
  const acknowledge = await h.inboxTask('advisor', id, 'Acknowledge the contact another way');
  await h.claimAndComplete('advisor', acknowledge.key, { acknowledgedBy: 'phone', notes: 'Rang to say we have it.' });
  expect(await stage(id, 'transferred')).toBeUndefined();
  expect(mailTo('pat.practitioner@council.example', id)).toEqual([]);
  await h.claimAndComplete('practitioner', agree.key, { original: 'send-to-me', acknowledgement: 'front-door' });
  await eventually(() => stage(id, 'transferred'), 'the transfer');
  await eventually(() => Promise.resolve(mailTo('pat.practitioner@council.example', id).length === 1), 'the message saying where it is recorded');
  expect(mailTo('pat.practitioner@council.example', id)[0]?.body).toMatch(/recorded at/);
  await eventually(() => ended(processInstanceKey), 'the journey to end');
});

test('when the person asks for someone else but their allocated worker is the one to manage it and is away, then it is never transferred to the away worker: a free colleague takes it (T3, T6)', async () => {
  const { id } = await post(asking(ALLOCATED_TO_SAM, 'Jo Murphy'));
  await judge(id, true);
  const transferred = await eventually(() => stage(id, 'transferred'), 'the transfer');
  expect(transferred.detail).toMatchObject({ to: 'pat.practitioner', target: 'colleague' });
  expect(mailTo('jo.murphy@council.example', id)).toEqual([]);
});

test('when the allocated worker is on leave and a colleague is free, then the colleague takes it and the worker is told (T6 transfer 3, T3)', async () => {
  const { id } = await post(asking(ALLOCATED_TO_SAM, 'Sam Okafor'));
  await judge(id);
  const transferred = await eventually(() => stage(id, 'transferred'), 'the transfer');
  expect(transferred.detail).toMatchObject({ to: 'pat.practitioner', target: 'colleague', reason: expect.stringMatching(/^Transfer 3/) });
  await eventually(() => Promise.resolve(mailTo('sam.okafor@council.example', id).length === 1), 'the notice to Sam');
  expect(mailTo('sam.okafor@council.example', id)[0]?.body).toMatch(/Your colleague Pat Practitioner is managing it/);
});

test('when the person asks for a team responsible for their assessment, then the team gets it (T1, T6 transfer 2)', async () => {
  const { id } = await post(asking(ASSESSED_BY_CMHT, 'Community Mental Health Team'));
  await judge(id);
  const transferred = await eventually(() => stage(id, 'transferred'), 'the transfer');
  expect(transferred.detail).toMatchObject({ to: 'community-mental-health-team', target: 'responsible-team' });
  await eventually(() => Promise.resolve(mailTo('cmht@council.example', id).length === 1), 'the e-mail to the team');
});

test('when the person asks for a worker who is not allocated to them, then it never goes to that worker: the front door manages it and alerts the allocated worker (T2, T6 managed 4, T7)', async () => {
  const { id } = await post(asking(ALLOCATED_TO_PAT, 'Jo Murphy'));
  await judge(id, false);
  const { nextContactBy } = await h.triage(id, 'information-and-advice');
  await eventually(() => stage(id, 'allocated-worker-alerted'), 'the alert');
  expect(h.smtp.received.filter((m) => m.body.includes(id)).map((m) => m.to)).toEqual([['pat.practitioner@council.example']]);
  expect(mailTo('pat.practitioner@council.example', id)[0]?.body).toMatch(new RegExp(`managed by the front door[\\s\\S]*Outcome: information and advice \\(decided by Ada Advisor\\)[\\s\\S]*next hear from us by ${inWords(String(nextContactBy))}`));
  expect(await stage(id, 'transferred')).toBeUndefined();
  expect((await stage(id, 'managed-by-the-service'))?.detail).toMatchObject({ reason: expect.stringMatching(/^Managed 4/) });
});

test('when the person is not known to the council, then the front door manages the contact (T6 managed 1)', async () => {
  const { id } = await post(asking(undefined, 'Pat Practitioner'));
  await judge(id);
  await h.inboxTask('advisor', id, 'Triage the contact');
  expect(await stage(id, 'transferred')).toBeUndefined();
  const managed = await eventually(() => stage(id, 'managed-by-the-service'), 'the managed stage');
  expect(managed.detail).toMatchObject({ reason: expect.stringMatching(/^Managed 1/) });
  expect(describeStage((await h.contacts.find(id))!)).toBe('Managed by the front door: not known to the council.');
});

test('when the allocated worker is away with no return date and nobody can cover, then the person is told when to expect a call, the worker is left a message, and a manager steps in when the time passes (T4, T6 managed 2)', async () => {
  const { id, processInstanceKey } = await post(asking(ALLOCATED_TO_LEE, 'Lee Chen', { preferredContactMethod: 'email', email: 'margaret@example.org' }));
  await judge(id);
  const managed = await eventually(() => stage(id, 'managed-by-the-service'), 'the managed stage');
  expect(managed.detail).toMatchObject({ allocatedWorker: 'lee.chen', reason: expect.stringMatching(/^Managed 2/) });
  const told = await eventually(() => Promise.resolve(h.notify.notifications.find((n) => n.reference === `${id}:practitioner-unavailable`)), 'the person told');
  expect(told.personalisation).toMatchObject({ practitioner: 'Lee Chen', callBackBy: expect.any(String), ifNoCall: expect.stringMatching(/call us on/) });
  await eventually(() => Promise.resolve(mailTo('lee.chen@council.example', id).length === 1), 'the message to Lee');
  await h.inboxTask('advisor', id, 'Triage the contact');

  // What the engine holds, not only what the inbox shows.
  const callBack = await eventually(async () => (await h.engine.get('/task', engineTasks, {
    query: { processInstanceId: processInstanceKey, taskDefinitionKey: 'CallThePersonBack' },
  }))[0], 'the call-back task');
  // Not assigned to an absent worker whose return is unknown: any practitioner can take it.
  expect(callBack.assignee).toBeNull();
  const shown = await h.openTasks('practitioner', id, 'Call the person back');
  expect(shown).toEqual([expect.objectContaining({ key: callBack.id, assignee: null })]);
  // The task is due when the person was told to expect the call, and the manager's timer is set for the same moment.
  const callBackTimer = await h.timerDue(processInstanceKey, 'CallBackTimePassed');
  expect(new Date(shown[0]!.dueDate as string).getTime()).toBe(callBackTimer.getTime());

  // No return date and not urgent: the call-back-time table gives two days.
  expect(Math.abs(callBackTimer.getTime() - onAWorkingDay(addDuration(await h.deps.engineNow(), 'P2D')).getTime())).toBeLessThan(MINUTE);
  await h.moveClock(callBackTimer.getTime() - (await h.deps.engineNow()).getTime() - MINUTE);
  await expect(eventually(async () => (await h.openTasks('manager', id, 'Arrange the missed call-back'))[0], 'a premature escalation', 3_000)).rejects.toThrow(/Timed out/);
  await h.moveClock(2 * MINUTE);
  await h.inboxTask('manager', id, 'Arrange the missed call-back');
});

test('when the judgement is bad input, then 400 names the fields and the transfer waits', async () => {
  const { id } = await post(asking(ALLOCATED_TO_PAT, 'Pat Practitioner'));
  const task = await h.inboxTask('advisor', id, 'Decide who should manage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === 'ada.advisor', 'the claim');
  const res = await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor')).send({ generalInformationAndAdvice: 'maybe' }).expect(400);
  expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/allocatedWorkerMostAppropriate', '#/generalInformationAndAdvice']);
  expect(await stage(id, 'transferred')).toBeUndefined();
});
