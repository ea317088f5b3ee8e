// Journeys 5 and 6 on the real engine: the advocacy duty decided beside the wait (V1, V2), the assessment unable to begin
// until an advocate is in place (V3), no provider escalated and a decline recorded (V4), one advocate chosen (V5); the
// initial review at 6 weeks (U2) and a changed need going to a reassessment at the RAC meeting (U4).
import request from 'supertest';
import { aContact, aContactByEmail } from '../support/contacts';
import { as, eventually, startHarness, type Harness } from '../support/harness';
import { referrals, THE_REST } from '../support/referrals';

let h: Harness;
let r: ReturnType<typeof referrals>;
beforeAll(async () => {
  h = await startHarness();
  r = referrals(h);
});
afterAll(async () => {
  await h.close();
});

const MINUTE = 60_000;
const byEmail = aContactByEmail();
/** Item 11 says the person would have substantial difficulty, and nobody appropriate can support them. */
const needsAnAdvocate = async (facts: object = {}) => {
  const w = await r.referred(byEmail);
  await r.gather(w.contactId, w.referralId, {
    items: { ...THE_REST, substantialDifficulty: { likely: true, advocateConsidered: true } }, facts: { ordinaryResidence: 'resident', appropriateOtherPerson: false, ...facts },
  });
  await eventually(() => r.statusOf(w.referralId, 'waiting-for-allocation'), 'the waiting list');
  return w;
};
const advocacyFor = async (referralId: string) =>
  eventually(async () => (await request(h.app).get('/api/advocacy').query({ forId: referralId }).set(await as('practitioner')).expect(200)).body.advocacy[0], 'the advocacy referral');
/** The case record as staff read it: the contact, its referrals and its journeys. */
const caseRecord = async (contactId: string) => (await request(h.app).get(`/api/contacts/${contactId}`).query({ purpose: 'Following the case' }).set(await as('practitioner')).expect(200)).body;
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));
const londonToday = async () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(await h.deps.engineNow());
/** The calendar date `days` after a YYYY-MM-DD date. */
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * 60 * MINUTE).toISOString().slice(0, 10);
/** 09:00 in London on a YYYY-MM-DD date, as an instant (08:00 UTC in summer time, 09:00 UTC in winter). */
const londonNineAm = (date: string) => [`${date}T08:00:00Z`, `${date}T09:00:00Z`].map((s) => new Date(s))
  .find((d) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' }).format(d) === `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}, 09:00`)!;

test('when advocacy is required, then the provider is referred at once, and neither the assessment nor the 6-week review can begin until an advocate is named (V1, V2, V3)', async () => {
  const { contactId, referralId } = await needsAnAdvocate();
  // V2: the referral to the provider is made while the person waits for allocation.
  const advocacy = await advocacyFor(referralId);
  expect(advocacy).toMatchObject({ status: 'requested', kind: 'care-act', providerId: 'local-advocacy-hub', process: 'assessment' });
  expect(await r.statusOf(referralId, 'waiting-for-allocation')).toBe(true);

  const meeting = await r.toNextMeeting();
  expect((await r.decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
  await eventually(async () => (await h.contacts.find(contactId))?.history.some((e) => e.stage === 'allocated-for-assessment'), 'the allocation told');
  await settle();
  expect(await h.openTasks('practitioner', contactId, 'Carry out the assessment')).toEqual([]);

  const named = await request(h.app).post(`/api/advocacy/${advocacy.id}/advocate`).set(await as('practitioner'))
    .send({ providerId: 'local-advocacy-hub', name: 'Ann Advocate', phone: '0300 123 5101' }).expect(200);
  expect(named.body).toMatchObject({ status: 'advocate-named', advocateName: 'Ann Advocate' });
  const assessment = await h.inboxTask('practitioner', contactId, 'Carry out the assessment');
  expect(assessment).toMatchObject({ assignee: 'pat.practitioner' });
  // Field-level answers for what cannot be recorded.
  const bad = await request(h.app).post(`/api/advocacy/${advocacy.id}/advocate`).set(await as('practitioner')).send({ providerId: 'x', name: '', phone: 'none' }).expect(400);
  expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/name', '#/phone']);
  await request(h.app).post(`/api/advocacy/${advocacy.id}/decline`).set(await as('practitioner')).send({ reason: 'Changed her mind.' }).expect(409);

  // The review is a care and support process too: advocacy is arranged when support starts, and the 6-week review
  // waits for it even when the 6 weeks are up.
  await h.claimAndComplete('practitioner', assessment.key, { eligibleNeeds: true, supportArranged: true, supportStartsOn: await londonToday(), notes: 'Home care.' });
  const forReview = await eventually(async () => (await request(h.app).get('/api/advocacy').query({ forId: referralId }).set(await as('practitioner')).expect(200))
    .body.advocacy.find((a: { process: string }) => a.process === 'review'), 'the advocacy referral for the review');
  const due = await r.timerDue(contactId, 'SixWeeksOn');
  await h.moveClock(due.getTime() + MINUTE - (await h.deps.engineNow()).getTime());
  await eventually(async () => (await r.timerLog(contactId, 'SixWeeksOn', 'success')) === 1, 'the six weeks to pass');
  await settle();
  expect(await h.openTasks('practitioner', contactId, 'Carry out the 6-week review')).toEqual([]);
  await request(h.app).post(`/api/advocacy/${forReview.id}/advocate`).set(await as('practitioner')).send({ providerId: 'local-advocacy-hub', name: 'Ann Advocate', phone: '0300 123 5101' }).expect(200);
  await h.inboxTask('practitioner', contactId, 'Carry out the 6-week review');
});

test('when no provider can take the referral, then the duty stands and the commissioner is asked after 2 days; a person who declines is recorded and the process may begin (V4)', async () => {
  for (const id of ['local-advocacy-hub', 'mental-health-advocacy']) {
    await request(h.app).patch(`/api/advocacy/providers/${id}`).set(await as('commissioner')).send({ accepting: false }).expect(200);
  }
  try {
    const { contactId, referralId } = await needsAnAdvocate();
    const advocacy = await advocacyFor(referralId);
    expect(advocacy).toMatchObject({ status: 'no-provider', providerId: null });
    const due = await r.timerDue(contactId, 'StillNoAdvocate');
    await h.moveClock(due.getTime() - MINUTE - (await h.deps.engineNow()).getTime());
    await settle();
    expect(await h.openTasks('commissioner', contactId, 'Secure an advocate with the commissioner')).toEqual([]);
    await h.moveClock(2 * MINUTE);
    await h.inboxTask('commissioner', contactId, 'Secure an advocate with the commissioner');

    const declined = await request(h.app).post(`/api/advocacy/${advocacy.id}/decline`).set(await as('practitioner')).send({ reason: 'She would rather her friend helped.' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', declinedReason: 'She would rather her friend helped.' });
    // Settled: the escalation still open is no longer needed.
    await eventually(async () => (await h.openTasks('commissioner', contactId, 'Secure an advocate with the commissioner')).length === 0, 'the escalation ended');
    // Once allocated, the assessment begins: advocacy was made available, and declined.
    const meeting = await r.toNextMeeting();
    expect((await r.decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
    await h.inboxTask('practitioner', contactId, 'Carry out the assessment');
  } finally {
    for (const id of ['local-advocacy-hub', 'mental-health-advocacy']) {
      await request(h.app).patch(`/api/advocacy/providers/${id}`).set(await as('commissioner')).send({ accepting: true }).expect(200);
    }
  }
  await request(h.app).patch('/api/advocacy/providers/local-advocacy-hub').set(await as('practitioner')).send({ accepting: false }).expect(403);
});

test('when the RAC meeting closes a referral still waiting for an advocate, then the advocacy is withdrawn and nobody is chased for it (V4)', async () => {
  const { contactId, referralId } = await needsAnAdvocate();
  const advocacy = await advocacyFor(referralId);
  const due = await r.timerDue(contactId, 'StillNoAdvocate');
  const meeting = await r.toNextMeeting();
  expect((await r.decide(meeting.id, { referralId, decision: 'close', reason: 'moved-away' })).status).toBe(201);
  await eventually(async () => (await request(h.app).get(`/api/advocacy/${advocacy.id}`).set(await as('practitioner')).expect(200)).body.status === 'withdrawn', 'the withdrawal');
  await eventually(async () => (await r.timerLog(contactId, 'StillNoAdvocate', 'deletion')) >= 1, 'the escalation timer cancelled');
  // An escalation the timer raised before the meeting (its 2 days may pass on the way there) ends with the advocacy.
  await eventually(async () => (await h.openTasks('commissioner', contactId, 'Secure an advocate with the commissioner')).length === 0, 'the escalation ended');
  await eventually(async () => !(await r.journeysOf(contactId, true, 'arranging-advocacy')).length, 'the advocacy journey to end');
  await h.moveClock(Math.max(0, due.getTime() - (await h.deps.engineNow()).getTime()) + 2 * 24 * 60 * MINUTE);
  await settle();
  expect(await h.openTasks('commissioner', contactId, 'Secure an advocate with the commissioner')).toEqual([]);
});

test('when an IMHA is also due, then one advocate is chosen with the reasons, and the provider of that kind is referred (V5)', async () => {
  const { contactId, referralId } = await needsAnAdvocate({ detainedUnderMentalHealthAct: true, mentalHealth: true });
  const choose = await h.inboxTask('practitioner', contactId, 'Choose one advocate');
  await h.claimAndComplete('practitioner', choose.key, { kind: 'imha', reasons: 'She knows her IMHA from the ward; one advocate for both.' });
  expect(await advocacyFor(referralId)).toMatchObject({ kind: 'imha', providerId: 'mental-health-advocacy', status: 'requested' });
});

test('when support starts, then the 6-week review is there at 6 weeks and not a minute before; a change of need and budget makes a reassessment, listed on the case, whose gathering task says which referral and what is missing and, finished with the items, reaches the RAC meeting and is allocated there (U2, U4, A1)', async () => {
  const { contactId, referralId } = await r.waiting({}, byEmail);
  const meeting = await r.toNextMeeting();
  expect((await r.decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
  const assessment = await h.inboxTask('practitioner', contactId, 'Carry out the assessment');
  const today = await londonToday();
  await request(h.app).post(`/api/tasks/${assessment.key}/assignment`).set(await as('practitioner')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(assessment.key))?.assignee === 'pat.practitioner', 'the claim');
  const missingDate = await request(h.app).post(`/api/tasks/${assessment.key}/completion`).set(await as('practitioner'))
    .send({ eligibleNeeds: true, supportArranged: true, notes: 'Home care twice a day.' }).expect(400);
  expect(missingDate.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/supportStartsOn']);
  await request(h.app).post(`/api/tasks/${assessment.key}/completion`).set(await as('practitioner'))
    .send({ eligibleNeeds: true, supportArranged: true, supportStartsOn: today, notes: 'Home care twice a day.' }).expect(204);

  // 9am in London on the 42nd day after support starts: a calendar day in London, so a change of the clocks between
  // does not move it off 9am.
  const due = londonNineAm(plusDays(today, 42));
  expect((await r.timerDue(contactId, 'SixWeeksOn')).toISOString()).toBe(due.toISOString());
  await h.moveClock(due.getTime() - MINUTE - (await h.deps.engineNow()).getTime());
  await settle();
  expect(await h.openTasks('practitioner', contactId, 'Carry out the 6-week review')).toEqual([]);
  await h.moveClock(2 * MINUTE);
  const review = await h.inboxTask('practitioner', contactId, 'Carry out the 6-week review');
  expect(review).toMatchObject({ assignee: 'pat.practitioner' });

  await h.claimAndComplete('practitioner', review.key, { needsChanged: true, budgetChanged: true, notes: 'Needs help in the evenings now.' });
  // U4: the reassessment is on the case, with its id, kind and status, and so are the journeys of the case.
  const reassessment = await eventually(async () => (await caseRecord(contactId)).referrals.find((x: { kind: string }) => x.kind === 'reassessment'), 'the reassessment on the case');
  expect(reassessment).toMatchObject({ kind: 'reassessment', status: 'gathering', complete: false, missingItems: ["5. the person's view", '7. options considered'] });
  // The review's journey ends a moment after it starts the reassessment.
  const journeys = await eventually(async () => {
    const j = (await caseRecord(contactId)).journeys as { process: string; state: string }[];
    return j.some((x) => x.process === 'Reviewing care and support' && x.state === 'ended') && j;
  }, 'the review journey to end');
  expect(journeys).toEqual(expect.arrayContaining([
    expect.objectContaining({ process: 'Receiving a contact', concerns: { kind: 'contact', id: contactId } }),
    expect.objectContaining({ process: 'Referral for assessment', concerns: { kind: 'referral', id: referralId } }),
    expect.objectContaining({ process: 'Reviewing care and support', state: 'ended', concerns: { kind: 'review', id: expect.any(String) } }),
    expect.objectContaining({ process: 'Referral for assessment', state: 'running', concerns: { kind: 'referral', id: reassessment.id } }),
  ]));

  // Its gathering task says which referral it is about and what is missing; finishing it without them is refused.
  const gather = await h.inboxTask('practitioner', contactId, 'Gather the missing information');
  const task = (await request(h.app).get(`/api/tasks/${gather.key}`).set(await as('practitioner')).expect(200)).body;
  expect(task.concerns).toEqual({ kind: 'referral', id: reassessment.id });
  expect(task.referral.missingItems.map((m: { description: string }) => m.description)).toEqual(["5. the person's view", '7. options considered']);
  await request(h.app).post(`/api/tasks/${gather.key}/assignment`).set(await as('practitioner')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(gather.key))?.assignee === 'pat.practitioner', 'the claim');
  const refused = await request(h.app).post(`/api/tasks/${gather.key}/completion`).set(await as('practitioner')).send({ gathered: 'Reviewed with her.' }).expect(400);
  expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/items/personsView', '#/items/optionsConsidered']);

  // Finished with the items, the reassessment reaches the waiting list and the meeting allocates it (A1).
  await request(h.app).post(`/api/tasks/${gather.key}/completion`).set(await as('practitioner')).send({
    gathered: 'Reviewed with her and her son.',
    items: { personsView: 'She wants help in the evenings so she can stay at home.', optionsConsidered: 'Her son cannot come in the evenings any more.' },
  }).expect(204);
  const waiting = await eventually(async () => {
    const list = (await request(h.app).get('/api/rac/waiting-list').query({ pageSize: 500 }).set(await as('panel')).expect(200)).body;
    return (list.waiting as { referralId: string; contactId: string }[]).find((w) => w.referralId === reassessment.id);
  }, 'the reassessment on the waiting list');
  expect(waiting.contactId).toBe(contactId);
  const next = await r.toNextMeeting();
  expect((await r.decide(next.id, { referralId: reassessment.id, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
  await eventually(() => r.statusOf(reassessment.id, 'allocated'), 'the reassessment allocated');
  expect((await caseRecord(contactId)).referrals.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([[referralId, 'allocated'], [reassessment.id, 'allocated']]);
});

test('when a case has led to a referral, advocacy and a review, then its timeline shows the events of all its journeys in time order, each saying which journey', async () => {
  const { contactId, referralId } = await needsAnAdvocate();
  const advocacy = await advocacyFor(referralId);
  await request(h.app).post(`/api/advocacy/${advocacy.id}/advocate`).set(await as('practitioner')).send({ providerId: 'local-advocacy-hub', name: 'Ann Advocate', phone: '0300 123 5101' }).expect(200);
  const meeting = await r.toNextMeeting();
  expect((await r.decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
  const assessment = await h.inboxTask('practitioner', contactId, 'Carry out the assessment');
  await h.claimAndComplete('practitioner', assessment.key, { eligibleNeeds: true, supportArranged: true, supportStartsOn: await londonToday(), notes: 'Home care.' });
  await eventually(async () => (await request(h.app).get('/api/advocacy').query({ forId: referralId }).set(await as('practitioner')).expect(200)).body.advocacy.length === 2, 'the advocacy for the review');

  type Entry = { at: string; text: string; journey: { processInstanceId: string; name: string; concerns: { kind: string; id: string } | null } };
  const timeline = await eventually(async () => {
    const entries = (await request(h.app).get(`/api/cases/${contactId}/timeline`).set(await as('practitioner')).expect(200)).body.timeline as Entry[];
    return new Set(entries.map((e) => e.journey.name)).size === 4 && entries;
  }, 'all four journeys on the timeline');
  // Every journey of the case, each entry saying which, in time order.
  expect([...new Set(timeline.map((e) => e.journey.name))]).toEqual(['Receiving a contact', 'Referral for assessment', 'Arranging independent advocacy', 'Reviewing care and support']);
  const times = timeline.map((e) => Date.parse(e.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  const texts = (name: string) => timeline.filter((e) => e.journey.name === name).map((e) => e.text);
  expect(texts('Receiving a contact')).toContain('Triage the contact: done by ada.advisor');
  expect(texts('Referral for assessment')).toEqual(expect.arrayContaining(['Referral for assessment began', 'Carry out the assessment: done by pat.practitioner']));
  expect(texts('Reviewing care and support')).toContain('Reviewing care and support began');
  expect(timeline.find((e) => e.journey.name === 'Referral for assessment')?.journey.concerns).toEqual({ kind: 'referral', id: referralId });
  expect(timeline.filter((e) => e.journey.name === 'Arranging independent advocacy').map((e) => e.journey.concerns?.kind)).toContain('advocacy');
});

test('when someone asks for a review, then it is considered; a reasonable request with none planned goes to their allocated worker, or to whoever a manager decides when it is urgent and the worker is away; an unreasonable one ends with the reasons (U3)', async () => {
  const asking = async (nhsNumber: string) => {
    const res = await request(h.app).post('/api/contacts').set(await as('intake'))
      .send(aContact({ person: { ...aContact().person, nhsNumber }, presentingIssue: 'My carer has changed her hours; I need my visits moved.' })).expect(201);
    const contactId = (res.body as { id: string }).id;
    await h.triage(contactId, 'review-or-reassessment');
    return contactId;
  };
  const consider = async (contactId: string, answer: object) => {
    const task = await h.inboxTask('practitioner', contactId, 'Consider the review request');
    await h.claimAndComplete('practitioner', task.key, { reasons: 'Her days of support must move with her carer.', ...answer });
  };

  // Pat is allocated and at work: the review is his.
  const patsPerson = await asking('4010232137');
  await eventually(async () => (await h.contacts.find(patsPerson))?.history.some((e) => e.stage === 'passed-on'), 'the request passed on');
  await consider(patsPerson, { reasonable: true, reviewPlanned: false, urgent: false });
  expect(await h.inboxTask('practitioner', patsPerson, 'Carry out the unplanned review')).toMatchObject({ assignee: 'pat.practitioner' });

  // Sam is away and it is urgent: a manager decides, and an unknown reviewer is refused by name.
  const samsPerson = await asking('4010232145');
  await consider(samsPerson, { reasonable: true, reviewPlanned: false, urgent: true });
  const decideWho = await h.inboxTask('manager', samsPerson, 'Decide who carries out the review');
  await request(h.app).post(`/api/tasks/${decideWho.key}/assignment`).set(await as('manager')).expect(204);
  await eventually(async () => (await h.deps.readModel.findTask(decideWho.key))?.assignee === 'mary.manager', 'the claim');
  const unknown = await request(h.app).post(`/api/tasks/${decideWho.key}/completion`).set(await as('manager')).send({ reviewer: 'no.body', reasons: 'Urgent.' }).expect(400);
  expect(unknown.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/reviewer']);
  await request(h.app).post(`/api/tasks/${decideWho.key}/completion`).set(await as('manager')).send({ reviewer: 'olu.adeyemi', reasons: 'Urgent; Sam is away for a week.' }).expect(204);
  expect(await h.inboxTask('practitioner', samsPerson, 'Carry out the unplanned review')).toMatchObject({ assignee: 'olu.adeyemi' });

  // Not reasonable: considered, the reasons kept, and no review.
  const another = await asking('4010232137');
  await consider(another, { reasonable: false, reviewPlanned: false, urgent: false });
  await settle();
  expect(await h.openTasks('practitioner', another, 'Carry out the unplanned review')).toEqual([]);
});
