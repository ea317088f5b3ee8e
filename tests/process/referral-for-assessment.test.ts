// Journey 3 on the real engine: grounds (F1), the 14 items gathered until complete (F2), ordinary residence never
// delaying (F3), the team suggested (F4), a carer's assessment offered (F7), and the referral waiting for the RAC meeting (A1).
import request from 'supertest';
import { z } from 'zod';
import { createReferralEngine } from '../../src/engine/journeys';
import { createReferralStore } from '../../src/store/referrals';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, type Harness } from '../support/harness';
import { referrals, THE_REST } from '../support/referrals';

let h: Harness;
let getReferral: ReturnType<typeof referrals>['getReferral'];
let statusOf: ReturnType<typeof referrals>['statusOf'];
let referred: ReturnType<typeof referrals>['referred'];
let gather: ReturnType<typeof referrals>['gather'];
beforeAll(async () => {
  h = await startHarness();
  ({ getReferral, statusOf, referred, gather } = referrals(h));
});
afterAll(async () => {
  await h.close();
});

test('when a referral is missing items, then allocation waits and a practitioner is asked for exactly those, part by part; finishing with some still blank is refused, naming each; finishing with them completes it (F2, F4, A1)', async () => {
  const { contactId, referralId } = await referred();
  const before = await getReferral(referralId);
  // What the contact held is carried over, so the person is not asked again.
  expect(before.items).toMatchObject({ personalDetails: { fullName: 'Margaret Example', nhsNumber: '4010232137' }, personsView: expect.any(String), prevention: expect.any(String) });
  // A contact holds no National Insurance number and no preferred or previous name: item 1 is not complete without them.
  expect(before.missingItems.map((m: { description: string }) => m.description)).toEqual([
    '1. personal details: preferred or previous name, National Insurance number', '7. options considered',
    '11. substantial difficulty and advocacy: whether substantial difficulty is likely, whether an advocate has been considered',
    '12. care and support services', '13. people to involve', '14. other information',
  ]);

  // The task says which referral it is about and names what is missing, in plain words.
  const task = await h.inboxTask('practitioner', contactId, 'Gather the missing information');
  const view = (await request(h.app).get(`/api/tasks/${task.key}`).set(await as('practitioner')).expect(200)).body;
  expect(view.concerns).toEqual({ kind: 'referral', id: referralId });
  expect(view.referral.missingItems[0]).toMatchObject({ item: 'personalDetails', parts: [{ part: 'preferredName', name: 'preferred or previous name' }, { part: 'nationalInsuranceNumber', name: 'National Insurance number' }] });
  const text = JSON.stringify(view.form);
  expect(text).not.toMatch(/\/api\/|PATCH|\(F2\)/);

  // Finishing with only some of it is refused, each blank part named; nothing is recorded and the task stays open.
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('practitioner')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(task.key))?.assignee === 'pat.practitioner', 'the claim');
  const partly = await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('practitioner'))
    .send({ gathered: 'Rang her son.', items: { optionsConsidered: THE_REST.optionsConsidered } }).expect(400);
  expect(partly.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(partly.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual([
    '#/items/personalDetails/preferredName', '#/items/personalDetails/nationalInsuranceNumber', '#/items/substantialDifficulty/likely',
    '#/items/substantialDifficulty/advocateConsidered', '#/items/careAndSupportServices', '#/items/peopleToInvolve', '#/items/otherInformation',
  ]);
  expect(partly.body.errors[1].detail).toBe('1. personal details: the National Insurance number is still missing: add it, or answer "not known" or "none"');
  expect((await getReferral(referralId)).items.optionsConsidered).toBeUndefined();
  expect((await h.deps.readModel.findTask(task.key))?.state).toBe('created');

  // With the items, checked as the referral's own, the task is done and the journey goes on: no second request.
  const wrongNumber = await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('practitioner'))
    .send({ gathered: 'Rang her son.', items: { ...THE_REST, personalDetails: { nationalInsuranceNumber: 'QQ 12' } } }).expect(400);
  expect(wrongNumber.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/items/personalDetails/nationalInsuranceNumber']);
  await request(h.app).patch(`/api/referrals/${referralId}`).set(await as('practitioner')).send({ facts: { ordinaryResidence: 'resident' } }).expect(200);
  await request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('practitioner'))
    .send({ gathered: 'Rang her son.', items: { ...THE_REST, personalDetails: { preferredName: 'Peggy', nationalInsuranceNumber: 'AB 12 34 56 C' } } }).expect(204);
  await eventually(() => statusOf(referralId, 'waiting-for-allocation'), 'the waiting list');
  const after = await getReferral(referralId);
  expect(after.items.personalDetails).toMatchObject({ fullName: 'Margaret Example', preferredName: 'Peggy', nationalInsuranceNumber: 'AB 12 34 56 C', nhsNumber: '4010232137' });
  expect(after.team).toBe('community-solutions-north');
  expect(await h.openTasks('practitioner', contactId, 'Gather the missing information')).toEqual([]);
});

test('when a referral has no NHS number, then "NHS number" is listed as missing, on the referral, its case and its gathering task; "not known" and "none" answers complete it (F2)', async () => {
  const person = { ...aContact().person };
  delete person.nhsNumber;
  const { contactId, referralId } = await referred(aContact({ person }));
  const missing = (await getReferral(referralId)).missingItems.map((m: { description: string }) => m.description);
  expect(missing[0]).toBe('1. personal details: preferred or previous name, National Insurance number, NHS number');
  const onTheCase = (await request(h.app).get(`/api/contacts/${contactId}`).query({ purpose: 'Checking the test case' }).set(await as('practitioner')).expect(200)).body;
  expect(onTheCase.referrals).toEqual([expect.objectContaining({ id: referralId, kind: 'assessment', status: 'gathering', complete: false, missingItems: missing })]);

  const task = await h.inboxTask('practitioner', contactId, 'Gather the missing information');
  const variables = await h.engine.get(`/task/${task.key}/variables`, z.record(z.object({ value: z.unknown() })));
  expect(String(variables.missingItems?.value)).toContain('1. personal details: preferred or previous name, National Insurance number, NHS number');
  await h.claimAndComplete('practitioner', task.key, {
    gathered: 'Asked her; she has neither number to hand.',
    items: { ...THE_REST, personalDetails: { preferredName: { none: true }, nationalInsuranceNumber: { notKnown: true }, nhsNumber: { notKnown: true, reason: 'Not registered with a GP here yet.' } } },
  });
  await eventually(() => statusOf(referralId, 'waiting-for-allocation'), 'the waiting list');
  const complete = await getReferral(referralId);
  expect(complete).toMatchObject({ complete: true, missingItems: [] });
  expect(complete.items.personalDetails.nhsNumber).toEqual({ notKnown: true, reason: 'Not registered with a GP here yet.' });
  // "Not known" is an answer, not a number: nothing is looked up by it.
  await request(h.app).patch(`/api/referrals/${referralId}`).set(await as('practitioner')).send({ items: { personalDetails: { nhsNumber: { notKnown: false } } } }).expect(400);
});

test('when referrals wait for allocation, then the waiting list is ordered by the priority their situation gives them (A2)', async () => {
  const urgent = await referred();
  await gather(urgent.contactId, urgent.referralId, { items: THE_REST, facts: { ordinaryResidence: 'resident', risk: 'high', need: 'high', currentSupport: 'none', urgent: true } });
  const routine = await referred();
  await gather(routine.contactId, routine.referralId, { items: THE_REST, facts: { ordinaryResidence: 'resident', risk: 'low', need: 'low' } });
  await eventually(async () => (await statusOf(urgent.referralId, 'waiting-for-allocation')) && statusOf(routine.referralId, 'waiting-for-allocation'), 'both waiting');
  const list = (await request(h.app).get('/api/rac/waiting-list').query({ pageSize: 500 }).set(await as('manager')).expect(200)).body;
  const ids = list.waiting.map((w: { referralId: string }) => w.referralId);
  expect(ids.indexOf(urgent.referralId)).toBeLessThan(ids.indexOf(routine.referralId));
  expect(list.waiting.find((w: { referralId: string }) => w.referralId === urgent.referralId)).toMatchObject({ band: 'urgent', score: 115, daysWaiting: 0 });
  const scores = list.waiting.map((w: { score: number }) => w.score);
  expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  await request(h.app).get('/api/rac/waiting-list').query({ pageSize: 0 }).set(await as('manager')).expect(400);
  await request(h.app).get('/api/rac/waiting-list').set(await as('advisor')).expect(403);
});

test('when the person is not ordinarily resident and does not insist, then they are signposted to their own authority; when they insist with needs, they are assessed (F3)', async () => {
  for (const [insists, expected] of [[false, 'signposted-elsewhere'], [true, 'waiting-for-allocation']] as const) {
    const { contactId, referralId } = await referred();
    await gather(contactId, referralId, { items: THE_REST, facts: { ordinaryResidence: 'not-resident', learningDisability: true } });
    const offer = await h.inboxTask('practitioner', contactId, 'Offer help with their own authority');
    await h.claimAndComplete('practitioner', offer.key, { informationGiven: true, helpedToContact: false, insistsOnAssessment: insists, appearsToHaveNeeds: true });
    await eventually(() => statusOf(referralId, expected), expected);
    if (insists) expect((await getReferral(referralId)).team).toBe('learning-disability-team');
  }
});

test('when ordinary residence is not known and a carer shows needs, then the referral still goes on the waiting list, with both settled alongside (F3, F7)', async () => {
  const { contactId, referralId } = await referred();
  await gather(contactId, referralId, { items: THE_REST, facts: { carerShowingNeeds: true, mentalHealth: true } });
  await eventually(() => statusOf(referralId, 'waiting-for-allocation'), 'the waiting list');
  expect((await getReferral(referralId)).team).toBe('community-mental-health-team');
  await h.inboxTask('practitioner', contactId, 'Establish ordinary residence');
  await h.inboxTask('practitioner', contactId, "Offer a carer's assessment");
});

test('when none of the four grounds holds, then the referral is not taken and information and advice is recorded instead (F1)', async () => {
  const contact = aContact({ madeBy: { kind: 'someone-else', name: 'A Neighbour', relationship: 'Neighbour', basis: 'consent' } });
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  const contactId = (res.body as { id: string }).id;
  // Consent was claimed but never confirmed, and no risk is known: no ground.
  const referral = await createReferralStore(h.pool).createForContact(contactId, {});
  await createReferralEngine(h.engine).startReferral(referral!.id, contactId);
  await eventually(() => statusOf(referral!.id, 'declined'), 'the decline');
  expect(await h.openTasks('practitioner', contactId, 'Gather the missing information')).toEqual([]);
});

test('when a referral update is malformed or unknown, then 400 names the fields or 404, and nothing changes; the intake system cannot read referrals', async () => {
  const { referralId } = await referred();
  const before = await getReferral(referralId);
  const bad = await request(h.app).patch(`/api/referrals/${referralId}`).set(await as('practitioner'))
    .send({ items: { substantialDifficulty: { likely: 'maybe' }, personalDetails: { fullName: '' } }, facts: { ordinaryResidence: 'mars' } }).expect(400);
  expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
    '#/facts/ordinaryResidence', '#/items/personalDetails/fullName', '#/items/substantialDifficulty/likely',
  ]);
  expect((await getReferral(referralId)).updatedAt).toBe(before.updatedAt);
  await request(h.app).patch('/api/referrals/00000000-0000-4000-8000-000000000000').set(await as('practitioner')).send({ items: {} }).expect(404);
  await request(h.app).get(`/api/referrals/${referralId}`).set(await as('intake')).expect(403);
});
