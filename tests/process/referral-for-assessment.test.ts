// Journey 3 on the real engine: grounds (F1), the 14 items gathered until complete (F2), ordinary residence never
// delaying (F3), the team suggested (F4), a carer's assessment offered (F7), and the referral waiting for the RAC meeting (A1).
import request from 'supertest';
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

test('when a referral is missing items, then allocation waits and a practitioner is asked for exactly those, until it is complete (F2, F4, A1)', async () => {
  const { contactId, referralId } = await referred();
  const before = await getReferral(referralId);
  // What the contact held is carried over, so the person is not asked again.
  expect(before.items).toMatchObject({ personalDetails: { fullName: 'Margaret Example', nhsNumber: '4010232137' }, personsView: expect.any(String), prevention: expect.any(String) });
  expect(before.missingItems.map((m: { item: string }) => m.item)).toEqual(['optionsConsidered', 'substantialDifficulty', 'careAndSupportServices', 'peopleToInvolve', 'otherInformation']);

  // First only some of it: the loop asks again for what is still missing.
  const first = await gather(contactId, referralId, { items: { optionsConsidered: THE_REST.optionsConsidered } });
  await eventually(async () => (await h.openTasks('practitioner', contactId, 'Gather the missing information')).find((t) => t.key !== first), 'the second request');
  expect((await getReferral(referralId)).missingItems).toHaveLength(4);
  expect(await statusOf(referralId, 'gathering')).toBe(true);

  await gather(contactId, referralId, { items: THE_REST, facts: { ordinaryResidence: 'resident' } });
  await eventually(() => statusOf(referralId, 'waiting-for-allocation'), 'the waiting list');
  expect((await getReferral(referralId)).team).toBe('community-solutions-north');
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
    '#/facts/ordinaryResidence', '#/items/personalDetails/address', '#/items/personalDetails/dateOfBirth', '#/items/personalDetails/fullName',
    '#/items/personalDetails/preferredContact', '#/items/substantialDifficulty/advocateConsidered', '#/items/substantialDifficulty/likely',
  ]);
  expect((await getReferral(referralId)).updatedAt).toBe(before.updatedAt);
  await request(h.app).patch('/api/referrals/00000000-0000-4000-8000-000000000000').set(await as('practitioner')).send({ items: {} }).expect(404);
  await request(h.app).get(`/api/referrals/${referralId}`).set(await as('intake')).expect(403);
});
