// Journey 1 end to end with real messages: acknowledgements per channel (C3, C4), the outcome in the person's way (C9, G2, C5, F6),
// the 999 task at the top of the queue (C10), and consent confirmed at triage (C1).
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { z } from 'zod';
import { newContactSchema, routingFacts, type NewContactInput } from '../../src/domain/contact';
import { createJourneyEngine } from '../../src/engine/journeys';
import { aContact, LETTER_RECEIVED_ON } from '../support/contacts';
import { TEST_NOTIFY_TEMPLATES, type RecordedNotification } from '../support/notify-endpoint';
import { as, eventually, FRONT_DOOR, inWords, PEOPLE, startHarness, TRIAGE, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const person = aContact().person;
const byEmail = { ...person, preferredContactMethod: 'email' as const, email: 'margaret@example.org' };
const ADA = { signed_by_name: 'Ada Advisor', signed_by_role: 'Contact advisor' };

async function post(contact: NewContactInput, who: 'intake' | 'advisor' = 'intake'): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as(who)).send(contact).expect(201);
  return res.body as { id: string; processInstanceKey: string };
}

/** The notifications Notify received for a case, by the idempotency key the service gave them. */
function sentFor(id: string): RecordedNotification[] {
  return h.notify.notifications.filter((n) => n.reference?.startsWith(`${id}:`));
}
const template = (key: string) => TEST_NOTIFY_TEMPLATES[key];
const stagesOf = async (id: string) => (await h.contacts.find(id))?.history.map((e) => e.stage) ?? [];

describe('acknowledgements (C3, C4, C5)', () => {
  test('when an e-mail arrives through the gateway, then the sender is acknowledged by e-mail with what happens next and by when, signed by the front door', async () => {
    const { id } = await post(aContact({ channel: 'email', person: byEmail }));
    const [ack] = await eventually(() => Promise.resolve(sentFor(id).length === 1 && sentFor(id)), 'the acknowledgement');
    expect(ack).toMatchObject({ type: 'email', email_address: 'margaret@example.org', template_id: template('acknowledgement-email'), reference: `${id}:acknowledgement` });
    expect(ack!.personalisation).toMatchObject({ nextStep: expect.stringMatching(/contact advisor will read/), replyBy: expect.any(String), signed_by_name: FRONT_DOOR.name, signed_by_phone: FRONT_DOOR.phone });
    // Notify hears of it before the job records it: the stage follows a moment later.
    await eventually(async () => (await stagesOf(id)).includes('acknowledged'), 'the acknowledgement recorded');
  });

  test('when a text is recorded by an advisor, then it is acknowledged by text and signed with their name and role', async () => {
    const { id } = await post(aContact({ channel: 'text', person: { ...person, phone: '07700 900123' } }), 'advisor');
    const [ack] = await eventually(() => Promise.resolve(sentFor(id).length === 1 && sentFor(id)), 'the acknowledgement');
    expect(ack).toMatchObject({ type: 'sms', phone_number: '07700 900123', template_id: template('acknowledgement-text') });
    expect(ack!.personalisation).toMatchObject(ADA);
  });

  test('when a solicitor writes for the person, then the letter is acknowledged to the solicitor by post (C4: formal letters)', async () => {
    const { id } = await post(aContact({
      channel: 'letter',
      madeBy: {
        kind: 'someone-else', name: 'J Smith', relationship: 'Solicitor', organisation: 'Smith & Co', basis: 'legal-authority',
        authorityDetail: 'Lasting power of attorney for health and welfare', replyTo: { addressLines: ['Smith & Co', '1 Park Row', 'Leeds'], postcode: 'LS1 5HD' },
      },
      letter: { receivedOn: LETTER_RECEIVED_ON, formal: 'solicitor' },
    }));
    const [ack] = await eventually(() => Promise.resolve(sentFor(id).length === 1 && sentFor(id)), 'the acknowledgement');
    expect(ack).toMatchObject({ type: 'letter', template_id: template('acknowledgement-letter') });
    expect(ack!.personalisation).toMatchObject({ format: 'standard', address_line_1: 'J Smith', address_line_2: 'Smith & Co', address_line_5: 'LS1 5HD' });
  });

  test('when an ordinary letter asks for nothing, then no acknowledgement is sent; when it is marked urgent, then it is treated as urgent (C4)', async () => {
    const { id, processInstanceKey } = await post(aContact({ channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, markedUrgent: true } }));
    await h.inboxTask('advisor', id, 'Triage the contact');
    await h.jobCompleted(processInstanceKey, 'record-contact');
    expect(sentFor(id)).toEqual([]);
    expect(await stagesOf(id)).not.toContain('acknowledged');
    await h.triage(id, 'information-and-advice');
    await eventually(async () => (await h.contacts.find(id))?.history.find((e) => e.stage === 'information-and-advice-given'), 'advice recorded');
    expect((await h.contacts.find(id))?.history.find((e) => e.stage === 'information-and-advice-given')?.detail).toEqual({ risk: 'high', followUpAfter: 'P2D', followUpBy: 'contact-team' });
  });

  test('when a letter is marked urgent, then the case and the inbox show it urgent until an advisor records the evidence that it is not; then its triage drops to the ordinary priority and time, and so does its follow-up (C4)', async () => {
    const { id } = await post(aContact({ channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, markedUrgent: true } }));
    const urgent = await h.inboxTask('advisor', id, 'Triage the contact');
    expect(urgent.priority).toBe(80);
    const created = new Date((await h.deps.readModel.findTask(urgent.key))!.createdAt).getTime();
    // The engine keeps due dates to the second.
    expect(Math.abs(new Date(urgent.dueDate!).getTime() - created - 60 * 60_000)).toBeLessThan(1_000);
    const view = await request(h.app).get(`/api/tasks/${urgent.key}`).set(await as('advisor')).expect(200);
    expect(view.body.case.urgency).toEqual({ urgent: true, markedBy: 'letter-marked-urgent', lowered: null });
    await request(h.app).post(`/api/tasks/${urgent.key}/assignment`).set(await as('advisor')).expect(204);

    // Only contact staff record it, with the evidence in words; nothing else is taken.
    await request(h.app).put(`/api/contacts/${id}/urgency`).set(await as('practitioner')).send({ urgent: false, evidence: 'x' }).expect(403);
    const empty = await request(h.app).put(`/api/contacts/${id}/urgency`).set(await as('advisor')).send({ urgent: false, evidence: ' ' }).expect(400);
    expect(empty.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/evidence']);
    const lowered = await request(h.app).put(`/api/contacts/${id}/urgency`).set(await as('advisor'))
      .send({ urgent: false, evidence: 'Rang the writer: the "urgent" was about a form due next month.' }).expect(200);
    expect(lowered.body).toMatchObject({ urgent: false, markedBy: 'letter-marked-urgent', lowered: { evidence: 'Rang the writer: the "urgent" was about a form due next month.', by: 'ada.advisor' } });
    await request(h.app).put(`/api/contacts/${id}/urgency`).set(await as('advisor')).send({ urgent: false, evidence: 'Again.' }).expect(409);

    const ordinary = await eventually(async () => {
      const t = await h.deps.readModel.findTask(urgent.key);
      return t?.priority === 50 && t;
    }, 'the triage to be lowered');
    expect(Math.abs(ordinary.dueDate!.getTime() - created - 2 * 60 * 60_000)).toBeLessThan(1_000);
    // The advisor who had claimed it still has it.
    expect(ordinary.assignee).toBe('ada.advisor');
    await request(h.app).post(`/api/tasks/${urgent.key}/completion`).set(await as('advisor')).send(TRIAGE('information-and-advice', await h.engineToday())).expect(204);
    const advice = await eventually(async () => (await h.contacts.find(id))?.history.find((e) => e.stage === 'information-and-advice-given'), 'advice recorded');
    expect(advice.detail).toMatchObject({ risk: 'low', followUpAfter: 'P14D' });
  });

  test('when the person who wrote asking for an acknowledgement reads large print, then an advisor acknowledges it another way while triage goes ahead (C4, G2)', async () => {
    const { id } = await post(aContact({ channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, acknowledgementRequested: true } }));
    const another = await h.inboxTask('advisor', id, 'Acknowledge the contact another way');
    await h.inboxTask('advisor', id, 'Triage the contact');
    expect(sentFor(id)).toEqual([]);
    const view = await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200);
    expect(view.body.history.find((e: { stage: string }) => e.stage === 'acknowledged').detail).toMatchObject({ method: 'letter', status: 'needs-alternative-format' });
    await h.claimAndComplete('advisor', another.key, { acknowledgedBy: 'accessible-format', notes: 'Large-print acknowledgement posted.' });
  });

  test('when an e-mail is not answered within 2 hours, then the sender is told the answer is delayed and when to expect it (C3, C4)', async () => {
    const { id, processInstanceKey } = await post(aContact({ channel: 'email', person: byEmail }));
    await eventually(() => Promise.resolve(sentFor(id).length === 1), 'the acknowledgement');
    await h.timerDue(processInstanceKey, 'TwoHoursPassed');
    await h.moveClock(2 * 60 * 60_000 + 60_000);
    const delayed = await eventually(() => Promise.resolve(sentFor(id).find((n) => n.reference === `${id}:delayed-answer`)), 'the delay notice');
    expect(delayed).toMatchObject({ type: 'email', email_address: 'margaret@example.org', template_id: template('delayed-answer-email') });
    expect(delayed.personalisation).toMatchObject({ nextStep: expect.stringMatching(/team manager/), replyBy: expect.any(String), signed_by_name: FRONT_DOOR.name });
  });

  test('when an e-mail contact carries details as councils receive them (postcode "ls7  3qt", an interpreter for Chinese (Cantonese), a phone without its area code, a 105-character address line), then the person is acknowledged and no step fails', async () => {
    const home = 'The Sir Humphrey and Lady Beatrice Fortescue-Wolstenholme Memorial Residential and Nursing Care Home Ltd.';
    const { id, processInstanceKey } = await post(aContact({
      channel: 'email',
      person: {
        ...byEmail, phone: '496 0172', communicationNeeds: ['interpreter'], interpreterLanguage: 'Chinese (Cantonese)',
        address: { lines: [home, '3 Chapel Street', 'Leeds'], postcode: 'ls7  3qt' },
      },
    }));
    const [ack] = await eventually(() => Promise.resolve(sentFor(id).length === 1 && sentFor(id)), 'the acknowledgement');
    expect(ack).toMatchObject({ type: 'email', email_address: 'margaret@example.org' });
    expect(ack!.personalisation).toMatchObject({ language: 'Chinese (Cantonese)', interpreter: 'yes' });
    expect((await h.contacts.find(id))?.person.address.postcode).toBe('LS7 3QT');
    await h.inboxTask('advisor', id, 'Triage the contact');
    expect(await h.engine.get('/history/incident', z.array(z.unknown()), { query: { processInstanceId: processInstanceKey } })).toEqual([]);
  });

  test('when a daughter in Ireland writes for her father, then the acknowledgement is posted to her with Ireland as the last line', async () => {
    const { id } = await post(aContact({
      channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, acknowledgementRequested: true },
      madeBy: {
        kind: 'someone-else', name: 'Siobhan Example', relationship: 'Daughter', basis: 'consent',
        replyTo: { addressLines: ['4 Grove Road', 'Rathmines', 'Dublin 6', 'D06 X2Y3', 'Ireland'] },
      },
    }));
    const [ack] = await eventually(() => Promise.resolve(sentFor(id).length === 1 && sentFor(id)), 'the acknowledgement');
    expect(ack).toMatchObject({ type: 'letter', template_id: template('acknowledgement-letter') });
    expect(ack!.personalisation).toMatchObject({ address_line_1: 'Siobhan Example', address_line_5: 'D06 X2Y3', address_line_6: 'Ireland' });
  });

  test('when a person\'s recorded address cannot take a letter (a record from before these checks: no fixed abode), then an advisor acknowledges it another way, with the reason, and no step fails', async () => {
    // Stored as an older intake kept it, past today's checks; the journey starts as intake starts it.
    const id = randomUUID();
    const contact = { ...newContactSchema.parse(aContact({ channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, acknowledgementRequested: true } })) };
    contact.person = { ...contact.person, communicationNeeds: [], address: { lines: ['No fixed abode', 'Leeds'], postcode: 'LS6 2AB' } };
    const { processInstanceKey } = await h.contacts.create(id, contact, PEOPLE.intake.id, () => createJourneyEngine(h.engine).startReceivingAContact(routingFacts(id, contact)));
    await h.inboxTask('advisor', id, 'Acknowledge the contact another way');
    expect(sentFor(id)).toEqual([]);
    const view = await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200);
    expect(view.body.history.find((e: { stage: string }) => e.stage === 'acknowledged').detail).toMatchObject({
      method: 'letter', status: 'not-sent', reason: expect.stringMatching(/no fixed abode.*another way/),
    });
    expect(await h.engine.get('/history/incident', z.array(z.unknown()), { query: { processInstanceId: processInstanceKey } })).toEqual([]);
  });

  test('when a letter comes without its details, or from someone else with nowhere to reply, then 400 names the fields and nothing is kept', async () => {
    const before = (await h.pool.query('SELECT count(*)::int AS n FROM contacts')).rows[0].n;
    const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact({
      channel: 'letter', madeBy: { kind: 'someone-else', name: 'A Neighbour', relationship: 'Neighbour', basis: 'consent' },
    })).expect(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/letter', '#/madeBy/replyTo/addressLines']);
    expect((await h.pool.query('SELECT count(*)::int AS n FROM contacts')).rows[0].n).toBe(before);
  });
});

describe('the outcome, in the person\'s way (C9, G2, C5, F6)', () => {
  test('when triage gives information and advice, then the person gets it by e-mail, signed by the advisor, with the organisations picked and when they will next hear', async () => {
    const { id } = await post(aContact({ person: byEmail }));
    const triage = await h.inboxTask('advisor', id, 'Triage the contact');
    const triaged = TRIAGE('information-and-advice', await h.engineToday());
    await h.claimAndComplete('advisor', triage.key, { ...triaged, signposting: ['age-uk-cheshire-east', 'carers-uk'] });
    const outcome = await eventually(() => Promise.resolve(sentFor(id).find((n) => n.reference === `${id}:outcome`)), 'the outcome');
    expect(outcome).toMatchObject({ type: 'email', template_id: template('information-and-advice-email') });
    expect(outcome.personalisation).toMatchObject({
      ...ADA, format: 'large-print', informationAndAdvice: triaged.informationAndAdvice, financialInformation: ['None'],
      nextContactBy: inWords(triaged.nextContactBy), signposting: [expect.stringMatching(/^Age UK Cheshire East: .*, 01625 612958/), expect.stringMatching(/^Carers UK/)],
    });
    await eventually(async () => (await stagesOf(id)).includes('information-and-advice-given'), 'the advice recorded');
    await eventually(async () => (await stagesOf(id)).includes('outcome-sent'), 'the outcome recorded');
    expect(await h.openTasks('advisor', id, 'Tell the person the outcome')).toEqual([]);
  });

  test('when triage refers the person for assessment, then financial information is part of what they are sent (F6)', async () => {
    const { id } = await post(aContact({ person: byEmail }));
    await h.triage(id, 'referral-for-assessment');
    const outcome = await eventually(() => Promise.resolve(sentFor(id).find((n) => n.reference === `${id}:outcome`)), 'the outcome');
    expect(outcome.template_id).toBe(template('outcome-email'));
    expect(outcome.personalisation.financialInformation).toEqual([expect.stringMatching(/^Charging/), expect.stringMatching(/^Financial assessment/), expect.stringMatching(/^Direct payments/)]);
  });

  test.each([
    ['asked to hear by phone', person],
    ['reads braille and asked for letters', { ...person, preferredContactMethod: 'letter' as const, communicationNeeds: ['braille' as const] }],
  ])('when the person %s, then nothing is sent and an advisor is asked to tell them, with how to reach them beside the task (the triage did not show it)', async (_what, who) => {
    const { id } = await post(aContact({ person: who }));
    const triage = await h.inboxTask('advisor', id, 'Triage the contact');
    const triageView = (await request(h.app).get(`/api/tasks/${triage.key}`).set(await as('advisor')).expect(200)).body;
    expect(triageView.case.person).not.toHaveProperty('phone');
    expect(triageView.case.person).not.toHaveProperty('address');
    await h.triage(id, 'information-and-advice');
    const tell = await h.inboxTask('advisor', id, 'Tell the person the outcome');
    const tellView = (await request(h.app).get(`/api/tasks/${tell.key}`).set(await as('advisor')).expect(200)).body;
    expect(tellView.case.person).toMatchObject({ phone: who.phone, address: who.address });
    expect(sentFor(id).filter((n) => n.reference === `${id}:outcome`)).toEqual([]);
    expect(await stagesOf(id)).toContain('outcome-to-be-told');
    await h.claimAndComplete('advisor', tell.key, { toldBy: 'phone', notes: 'Explained the advice; she is happy.' });
  });
});

test('when someone is in imminent danger, then a 999 task goes to the top of every advisor\'s queue and a concern is raised at once (C10)', async () => {
  await post(aContact());
  const { id } = await post(aContact({ flags: { imminentDanger: true } }));
  const task = await h.inboxTask('advisor', id, 'Call 999 and get medical help');
  const queue = await request(h.app).get('/api/tasks').query({ state: 'created' }).set(await as('advisor')).expect(200);
  // Other 999 calls may be waiting too: every one of them comes before any other work, this one among them.
  const queued = queue.body.tasks as { key: string; priority: number }[];
  const urgent = queued.filter((t) => t.priority === 100);
  expect(queued.slice(0, urgent.length)).toEqual(urgent);
  expect(urgent.map((t) => t.key)).toContain(task.key);
  expect(queued.length).toBeGreaterThan(urgent.length);
  expect(await stagesOf(id)).toContain('safeguarding-concern-raised');
});

describe('consent or legal authority (C1)', () => {
  const daughter = { kind: 'someone-else' as const, name: 'Jane Example', relationship: 'Daughter', basis: 'consent' as const };

  test('when someone else made the contact, then triage must say whether consent is confirmed, and without it cannot refer on', async () => {
    const { id } = await post(aContact({ madeBy: daughter }));
    const triage = await h.inboxTask('advisor', id, 'Triage the contact');
    await request(h.app).post(`/api/tasks/${triage.key}/assignment`).set(await as('advisor')).expect(204);
    const complete = async (body: object) => request(h.app).post(`/api/tasks/${triage.key}/completion`).set(await as('advisor')).send(body);
    const triaged = TRIAGE('referral-for-assessment', await h.engineToday());
    const missing = await (await complete(triaged)).body;
    expect(missing.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/consentConfirmed']);
    const refused = await (await complete({ ...triaged, consentConfirmed: 'not-confirmed', signposting: ['no-such-service'] })).body;
    expect(refused.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/withoutConsent', '#/signposting/0']);
    const refusedByThePerson = await (await complete({ ...triaged, consentConfirmed: 'not-confirmed', withoutConsent: 'refused' })).body;
    expect(refusedByThePerson.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/outcome']);
    expect((await h.pool.query('SELECT 1 FROM task_completions WHERE task_key = $1', [triage.key])).rowCount).toBe(0);
    const done = await request(h.app).post(`/api/tasks/${triage.key}/completion`).set(await as('advisor'))
      .send({ ...triaged, consentConfirmed: 'consent' });
    expect(done.status).toBe(204);
    await eventually(async () => (await stagesOf(id)).includes('passed-on'), 'the referral');
  });

  test('when consent was not confirmed at triage, then a manager cannot refer the person on either, without another ground', async () => {
    const { id } = await post(aContact({ madeBy: daughter }));
    await h.triage(id, 'information-and-advice', false, { consentConfirmed: 'not-confirmed' });
    const decision = await h.inboxTask('manager', id, 'Decide the next steps');
    await request(h.app).post(`/api/tasks/${decision.key}/assignment`).set(await as('manager')).expect(204);
    const considerations = { rationale: 'Daughter worried.', wellbeing: 'Lonely.', prevention: 'Befriending.', informationAndAdvice: 'Age UK.' };
    const refused = await request(h.app).post(`/api/tasks/${decision.key}/completion`).set(await as('manager')).send({ outcome: 'referral-for-assessment', ...considerations }).expect(400);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/withoutConsent']);
    await request(h.app).post(`/api/tasks/${decision.key}/completion`).set(await as('manager')).send({ outcome: 'information-and-advice', ...considerations }).expect(204);
  });
});
