// What staff record after intake, on the real engine: a day promised to the person (C8) and a referral's personal details (F2) are checked as strictly as intake checks them.
import request from 'supertest';
import { addYears } from '../../src/domain/calendar-date';
import { addDays, londonDay } from '../../src/domain/london-calendar';
import { nextWorkingDay, notAWorkingDay } from '../../src/domain/working-days';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, TRIAGE, type Harness } from '../support/harness';
import { referrals } from '../support/referrals';

let h: Harness;
let r: ReturnType<typeof referrals>;
beforeAll(async () => {
  h = await startHarness();
  r = referrals(h);
});
afterAll(async () => {
  await h.close();
});

/** The engine's day in London: the day a promise is judged on, since the engine holds it as the follow-up's deadline. */
const engineToday = async () => londonDay(await h.deps.engineNow());

test('when triage promises the next contact on 29 February 2027, yesterday, or more than a year ahead, then the form is refused at that day and the task stays open; the nearest working day is taken (C8)', async () => {
  const { id } = (await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201)).body;
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === 'ada.advisor', 'the claim');
  const today = await engineToday();
  const advisor = await as('advisor');
  const complete = (nextContactBy: string) =>
    request(h.app).post(`/api/tasks/${task.key}/completion`).set(advisor).send({ ...TRIAGE('information-and-advice', today), nextContactBy });

  for (const [nextContactBy, detail] of [
    ['2027-02-29', /^is not a date: there is no 29 February in 2027$/],
    [addDays(today, -1), /^cannot be in the past: agree today or a later day with the person$/],
    [addDays(addYears(today, 1), 1), /^cannot be after .* \(more than a year ahead\): agree a nearer day with the person$/],
  ] as const) {
    const refused = await complete(nextContactBy).expect(400);
    expect([nextContactBy, refused.body.errors]).toEqual([nextContactBy, [{ pointer: '#/nextContactBy', detail: expect.stringMatching(detail) }]]);
  }
  expect((await h.pool.query('SELECT 1 FROM task_completions WHERE task_key = $1', [task.key])).rowCount).toBe(0);
  expect((await h.deps.readModel.findTask(task.key))?.state).toBe('created');

  // Today, unless nobody works today.
  await complete(nextWorkingDay(today)).expect(204);
});

test('when triage promises the next contact on a bank holiday or a Saturday, then the form names the next working day and the task stays open; that working day is taken (C8)', async () => {
  const { id } = (await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201)).body;
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === 'ada.advisor', 'the claim');
  const advisor = await as('advisor');
  const today = await engineToday();
  // The first bank holiday after today (one falls in every year), and the first Saturday.
  let holiday = addDays(today, 1);
  while (!notAWorkingDay(holiday)?.endsWith('a bank holiday')) holiday = addDays(holiday, 1);
  let saturday = addDays(today, 1);
  while (notAWorkingDay(saturday) !== 'a Saturday') saturday = addDays(saturday, 1);
  const complete = (nextContactBy: string) =>
    request(h.app).post(`/api/tasks/${task.key}/completion`).set(advisor).send({ ...TRIAGE('information-and-advice', today), nextContactBy });
  for (const [day, why] of [[holiday, /^is .+, a bank holiday, when nobody can make contact: agree a working day, such as \d+ \w+ \d{4}$/], [saturday, /^is a Saturday, when nobody can make contact/]] as const) {
    const res = await complete(day).expect(400);
    expect(res.body.errors).toEqual([{ pointer: '#/nextContactBy', detail: expect.stringMatching(why) }]);
  }
  await complete(nextWorkingDay(saturday)).expect(204);
});

test('when a referral is updated with an NHS number failing its check digit, one never issued, or a date of birth not on the calendar, then 400 names each field and nothing changes; a valid one is kept as its 10 digits (F2)', async () => {
  const { referralId } = await r.referred();
  const before = await r.getReferral(referralId);
  const personalDetails = { fullName: 'Margaret Example', address: '12 Acacia Avenue, Leeds LS6 2AB', preferredContact: 'Phone 0113 496 0000', dateOfBirth: '1941-05-17' };
  const practitioner = await as('practitioner');
  const update = (change: object) => request(h.app).patch(`/api/referrals/${referralId}`).set(practitioner).send({ items: { personalDetails: { ...personalDetails, ...change } } });

  for (const [change, pointer, detail] of [
    [{ nhsNumber: '1234567890' }, '#/items/personalDetails/nhsNumber', /^is not a valid NHS number/],
    [{ nhsNumber: '000 000 0000' }, '#/items/personalDetails/nhsNumber', /^is not an NHS number that is ever issued to a person/],
    [{ dateOfBirth: '1943-02-29' }, '#/items/personalDetails/dateOfBirth', /^is not a date: there is no 29 February in 1943$/],
    [{ dateOfBirth: addDays(await engineToday(), 30) }, '#/items/personalDetails/dateOfBirth', /^cannot be in the future/],
  ] as const) {
    const refused = await update(change).expect(400);
    expect([change, refused.body.errors]).toEqual([change, [{ pointer, detail: expect.stringMatching(detail) }]]);
  }
  expect((await r.getReferral(referralId)).updatedAt).toBe(before.updatedAt);

  await update({ nhsNumber: '401 023 2145' }).expect(200);
  expect((await r.getReferral(referralId)).items.personalDetails).toMatchObject({ nhsNumber: '4010232145', dateOfBirth: '1941-05-17' });
});
