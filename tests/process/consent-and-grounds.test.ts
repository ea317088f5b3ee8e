// Consent, capacity and risk as the procedures put them (seed 002, seed 001 §2): a contact is recorded before its basis
// is known; the journey establishes it, asks the person when it must, and each of the four grounds of F1 can be taken.
import request from 'supertest';
import type { NewContactInput } from '../../src/domain/contact';
import { addDays } from '../../src/domain/london-calendar';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, TRIAGE, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const neighbour = { kind: 'someone-else' as const, name: 'Pat Neighbour', relationship: 'Neighbour' };
const considerations = { rationale: 'The neighbour is worried.', wellbeing: 'Not eating.', prevention: 'Meals at home.', informationAndAdvice: 'Age UK number.' };

async function post(contact: NewContactInput): Promise<string> {
  return ((await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201)).body as { id: string }).id;
}
const stagesOf = async (id: string) => (await h.contacts.find(id))?.history.map((e) => e.stage) ?? [];
const stage = async (id: string, name: string) => (await h.contacts.find(id))?.history.find((e) => e.stage === name);
const referralOf = async (contactId: string) => {
  const passedOn = await eventually(() => stage(contactId, 'passed-on'), 'the referral');
  const id = String(passedOn.detail.referralId);
  return (await request(h.app).get(`/api/referrals/${id}`).set(await as('practitioner')).expect(200)).body;
};
/** The referral journey took the referral on one of the four grounds: it is gathering what is missing, not declined. */
const taken = async (contactId: string) => {
  await h.inboxTask('practitioner', contactId, 'Gather the missing information');
  const referral = await referralOf(contactId);
  expect(referral.status).not.toBe('declined');
  return referral;
};
async function triageTo(contactId: string, fields: object, expected = 204) {
  const task = await h.inboxTask('advisor', contactId, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  return request(h.app).post(`/api/tasks/${task.key}/completion`).set(await as('advisor'))
    .send({ ...TRIAGE('referral-for-assessment', await h.engineToday()), consentConfirmed: 'not-confirmed', ...fields }).expect(expected);
}

test('when a neighbour rings about someone and nobody yet knows whether the person consents, then the contact is recorded and triage establishes it (C1)', async () => {
  const id = await post(aContact({ madeBy: neighbour }));
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  const view = await request(h.app).get(`/api/tasks/${task.key}`).set(await as('advisor')).expect(200);
  expect(view.body.case.madeBy).toBe('Neighbour (consent not yet known)');
  const missing = await triageTo(id, { consentConfirmed: undefined }, 400);
  expect(missing.body.errors).toEqual([{ pointer: '#/consentConfirmed', detail: expect.stringMatching(/^someone other than the person made this contact/) }]);
  const noGround = await triageTo(id, {}, 400);
  expect(noGround.body.errors).toEqual([{ pointer: '#/withoutConsent', detail: expect.stringMatching(/^consent or legal authority is not confirmed: say whether to ask the person first/) }]);
  const refusedAlready = await triageTo(id, { withoutConsent: 'refused' }, 400);
  expect(refusedAlready.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/outcome']);
  expect(await stagesOf(id)).not.toContain('passed-on');
});

describe('when consent is not confirmed and the advisor asks the person first (C1)', () => {
  async function asked(): Promise<{ id: string; key: string }> {
    const id = await post(aContact({ madeBy: neighbour }));
    await triageTo(id, { withoutConsent: 'ask-the-person' });
    const ask = await h.inboxTask('advisor', id, 'Ask the person for their consent');
    // Nothing is passed on, and nobody is told an outcome, until the person has answered.
    expect(await stagesOf(id)).not.toContain('passed-on');
    expect(await stagesOf(id)).not.toContain('outcome-to-be-told');
    await request(h.app).post(`/api/tasks/${ask.key}/assignment`).set(await as('advisor')).expect(204);
    return { id, key: ask.key };
  }
  const answer = async (key: string, body: object, expected = 204) =>
    request(h.app).post(`/api/tasks/${key}/completion`).set(await as('advisor')).send(body).expect(expected);

  test('when the person consents, then the referral is taken on their consent, with how and when as its item 3 (F1)', async () => {
    const { id, key } = await asked();
    const noHow = await answer(key, { consentAnswer: 'given', notes: 'Rang her; she is glad of the help.' }, 400);
    expect(noHow.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/how']);
    await answer(key, { consentAnswer: 'given', how: 'on the phone', notes: 'Rang her; she is glad of the help.' });
    const referral = await taken(id);
    expect(referral.items.consent).toEqual({ when: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), how: 'Asked by the contact advisor: on the phone' });
    expect(await stagesOf(id)).toContain('consent-given');
  });

  test('when the person refuses, then their wishes are respected: nothing is passed on, they are given information and advice, and it is followed up (C1, U1)', async () => {
    const { id, key } = await asked();
    await answer(key, { consentAnswer: 'refused', notes: 'She does not want social care involved.' });
    await eventually(() => stage(id, 'information-and-advice-given'), 'the advice');
    const stages = await stagesOf(id);
    expect(stages).toContain('consent-refused');
    expect(stages).not.toContain('passed-on');
    const told = await eventually(() => stage(id, 'outcome-to-be-told'), 'the outcome');
    expect(told.detail).toMatchObject({ outcome: 'information-and-advice' });
  });

  test('when the person cannot be reached, then a team manager decides, and may refer in their best interests when they lack capacity (C7, F1)', async () => {
    const { id, key } = await asked();
    await answer(key, { consentAnswer: 'not-reached', notes: 'No answer on three tries; the neighbour says she is confused.' });
    const decide = await h.inboxTask('manager', id, "Decide the next steps without the person's answer");
    expect(await stagesOf(id)).toContain('consent-not-reached');
    await request(h.app).post(`/api/tasks/${decide.key}/assignment`).set(await as('manager')).expect(204);
    const complete = async (body: object) => request(h.app).post(`/api/tasks/${decide.key}/completion`).set(await as('manager')).send(body);
    const bare = await complete({ outcome: 'referral-for-assessment', ...considerations, withoutConsent: 'best-interests' });
    expect(bare.status).toBe(400);
    expect(bare.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/capacityAssessment', '#/bestInterestsDecidedBy', '#/bestInterestsDecidedOn']);
    const today = await h.engineToday();
    expect((await complete({
      outcome: 'referral-for-assessment', ...considerations, withoutConsent: 'best-interests',
      capacityAssessment: 'Dr Rao, GP, assessed her capacity to decide about care on a home visit.', bestInterestsDecidedBy: 'Mary Manager, team manager', bestInterestsDecidedOn: addDays(today, 1),
    })).body.errors).toEqual([{ pointer: '#/bestInterestsDecidedOn', detail: 'cannot be in the future: give the day the decision was made' }]);
    await complete({
      outcome: 'referral-for-assessment', ...considerations, withoutConsent: 'best-interests',
      capacityAssessment: 'Dr Rao, GP, assessed her capacity to decide about care on a home visit.', bestInterestsDecidedBy: 'Mary Manager, team manager', bestInterestsDecidedOn: today,
    }).then((r) => expect(r.status).toBe(204));
    const referral = await taken(id);
    expect(referral.items.bestInterests).toEqual({
      capacityAssessed: true, lacksCapacity: true, bestInterestsDecision: true,
      detail: `Capacity assessment: Dr Rao, GP, assessed her capacity to decide about care on a home visit.. Best-interests decision by Mary Manager, team manager on ${today}.`,
    });
    expect(referral.items.consent).toBeUndefined();
  });
});

test('when the person lacks capacity and a best-interests decision supports it, then triage refers them, and the referral says who decided, when and on what assessment (F1 ground 3)', async () => {
  const id = await post(aContact({ madeBy: { ...neighbour, relationship: 'Son' } }));
  await triageTo(id, {
    withoutConsent: 'best-interests', capacityAssessment: 'Assessed by the community psychiatric nurse for decisions about care',
    bestInterestsDecidedBy: 'Sam Lee, social worker', bestInterestsDecidedOn: await h.engineToday(),
  });
  const referral = await taken(id);
  expect(referral.items.bestInterests).toMatchObject({ lacksCapacity: true, bestInterestsDecision: true, detail: expect.stringContaining('Sam Lee, social worker') });
});

describe('a person at risk of abuse or neglect (F1 ground 4, C10)', () => {
  const concernsFor = async (id: string) => (await h.pool.query('SELECT 1 FROM safeguarding_concerns WHERE contact_id = $1', [id])).rowCount;

  test('when a concern was raised as the contact arrived, then the contact is still triaged and a referral on risk grounds is taken without consent, raising no second concern', async () => {
    const id = await post(aContact({ madeBy: neighbour, flags: { safeguardingConcern: true } }));
    await eventually(() => stage(id, 'safeguarding-concern-raised'), 'the concern');
    await triageTo(id, { withoutConsent: 'at-risk' });
    const referral = await taken(id);
    expect(referral.facts.atRiskOfAbuseOrNeglect).toBe(true);
    expect(await concernsFor(id)).toBe(1);
  });

  test('when triage finds the risk, then a concern is raised before the referral is taken without consent', async () => {
    const id = await post(aContact({ madeBy: neighbour }));
    await triageTo(id, { withoutConsent: 'at-risk' });
    const referral = await taken(id);
    expect(referral.facts.atRiskOfAbuseOrNeglect).toBe(true);
    const stages = await stagesOf(id);
    expect(stages.indexOf('safeguarding-concern-raised')).toBeGreaterThan(-1);
    expect(stages.indexOf('safeguarding-concern-raised')).toBeLessThan(stages.indexOf('passed-on'));
    expect(await concernsFor(id)).toBe(1);
  });
});
