// Messages against real PostgreSQL, a local SMTP server and a local Notify stand-in: sent once per key, recorded against the case, shown in the API.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { newContactSchema } from '../../src/domain/contact';
import { IdempotencyKeyConflict, messagePractitioner, personMessageSchema, sendToPerson, type PersonMessageInput } from '../../src/domain/messages';
import { createMessaging } from '../../src/messaging';
import { messageIdFor } from '../../src/messaging/smtp';
import { aContact } from '../support/contacts';
import { TEST_NOTIFY_TEMPLATES } from '../support/notify-endpoint';
import { as, PEOPLE, startHarness, type Harness } from '../support/harness';

let h: Harness;
const cases: string[] = [];
beforeAll(async () => {
  h = await startHarness();
});
beforeEach(() => {
  h.notify.clear();
  h.smtp.received.length = 0;
});
afterAll(async () => {
  await h.pool.query('DELETE FROM messages WHERE case_id = ANY($1)', [cases]);
  await h.pool.query('DELETE FROM message_outbox WHERE case_id = ANY($1)', [cases]);
  await h.pool.query('DELETE FROM contacts WHERE id = ANY($1)', [cases]);
  await h.close();
});

function newCase(): string {
  const id = randomUUID();
  cases.push(id);
  return id;
}

/** A contact on record (without starting its journey), so the case exists for the API. */
async function recordedCase(): Promise<string> {
  const id = newCase();
  await h.contacts.create(id, newContactSchema.parse(aContact()), PEOPLE.intake.id, () => Promise.resolve({ processInstanceKey: '0' }));
  return id;
}

const SIGNED = { name: 'Sam Social-Worker', role: 'Social worker, Adult Social Care', phone: '0113 496 0123' };

function anEmail(caseId: string, change: Partial<PersonMessageInput> = {}): PersonMessageInput {
  return {
    key: `${caseId}:acknowledgement`,
    caseId,
    template: 'acknowledgement',
    method: 'email',
    to: { email: 'margaret@example.org', name: 'Margaret Example' },
    personalisation: { first_name: 'Margaret', next_contact_by: '1 December 2026' },
    signedBy: SIGNED,
    accessibility: { format: 'standard', language: 'Polish' },
    ...change,
  };
}

const aLetter = (caseId: string, format: 'standard' | 'large-print' | 'easy-read' | 'braille' | 'audio', key = `${caseId}:outcome:${format}`): PersonMessageInput => ({
  key,
  caseId,
  template: 'outcome',
  method: 'letter',
  to: { name: 'Margaret Example', addressLines: ['12 Acacia Avenue', 'Leeds'], postcode: 'ls6 2ab' },
  personalisation: { outcome: 'information and advice' },
  signedBy: SIGNED,
  accessibility: { format },
});

describe('messages to a practitioner', () => {
  test('when a practitioner is messaged, then the inbox has it, the SMTP server receives it with the key as Message-ID, and it is recorded as sent', async () => {
    const caseId = newCase();
    const sent = await messagePractitioner(h.messaging.deps, {
      key: `${caseId}:transfer`, caseId, to: { practitionerId: PEOPLE.practitioner.id, email: 'pat@council.test' },
      subject: 'A contact has been transferred to you', body: 'Please call back by 14:00. Case reference in the inbox.',
    });
    expect(sent).toMatchObject({ audience: 'practitioner', channel: 'smtp', status: 'sent', caseId, practitionerId: PEOPLE.practitioner.id });
    expect(h.smtp.received).toHaveLength(1);
    const mail = h.smtp.received[0]!;
    expect(mail.to).toEqual(['pat@council.test']);
    expect(mail.headers['message-id']).toBe(messageIdFor(`${caseId}:transfer`, 'care-front-door@council.test'));
    expect(sent.providerReference).toBe(mail.headers['message-id']);
    expect(mail.headers.subject).toBe('A contact has been transferred to you');
    expect(mail.body).toContain('Please call back by 14:00.');

    const inbox = await request(h.app).get('/api/messages/inbox').set(await as('practitioner')).expect(200);
    expect(inbox.body.messages.filter((m: { caseId: string }) => m.caseId === caseId)).toEqual([
      expect.objectContaining({ id: sent.id, subject: 'A contact has been transferred to you', readAt: null, email: { status: 'sent', reason: null } }),
    ]);
  });

  test('when the same key is sent twice, then one e-mail goes and the second call returns the recorded message', async () => {
    const caseId = newCase();
    const message = {
      key: `${caseId}:callback-due`, caseId, to: { practitionerId: PEOPLE.practitioner.id, email: 'pat@council.test' }, subject: 'Call-back due', body: 'Due in 1 hour.',
    };
    const first = await messagePractitioner(h.messaging.deps, message);
    const second = await messagePractitioner(h.messaging.deps, message);
    expect(second.id).toBe(first.id);
    expect(h.smtp.received).toHaveLength(1);
    expect((await h.pool.query('SELECT 1 FROM messages WHERE idempotency_key = $1', [message.key])).rowCount).toBe(1);
  });

  test('when no mail server is configured, then the inbox entry is written and the e-mail is recorded as not sent, saying why', async () => {
    const caseId = newCase();
    const local = createMessaging({ ...messagingConfig(), SMTP_URL: undefined }, h.pool);
    const sent = await messagePractitioner(local.deps, {
      key: `${caseId}:transfer`, caseId, to: { practitionerId: PEOPLE.practitioner.id, email: 'pat@council.test' }, subject: 'Transferred', body: 'Call back.',
    });
    expect(sent).toMatchObject({ status: 'not-sent', statusReason: expect.stringMatching(/No mail server is configured \(SMTP_URL\)/) });
    expect(h.smtp.received).toHaveLength(0);
    const inbox = await request(h.app).get('/api/messages/inbox').query({ unread: 'true' }).set(await as('practitioner')).expect(200);
    expect(inbox.body.messages.map((m: { id: string }) => m.id)).toContain(sent.id);
  });
});

function messagingConfig() {
  return {
    NOTIFY_API_KEY: h.notify.apiKey, NOTIFY_BASE_URL: h.notify.baseUrl, NOTIFY_TEMPLATES: TEST_NOTIFY_TEMPLATES, NOTIFY_TIMEOUT_MS: 5_000,
    SMTP_URL: h.smtp.url, SMTP_FROM: 'care-front-door@council.test', SMTP_TIMEOUT_MS: 5_000,
  } as const;
}

describe('messages to a person through GOV.UK Notify', () => {
  test('when a person is e-mailed, then Notify gets the configured template, the personalisation with the signature and format, and the key as reference', async () => {
    const caseId = newCase();
    const sent = await sendToPerson(h.messaging.deps, anEmail(caseId));
    expect(h.notify.notifications).toHaveLength(1);
    const n = h.notify.notifications[0]!;
    expect(n).toMatchObject({ type: 'email', template_id: TEST_NOTIFY_TEMPLATES['acknowledgement-email'], email_address: 'margaret@example.org', reference: `${caseId}:acknowledgement` });
    expect(n.personalisation).toEqual({
      first_name: 'Margaret', next_contact_by: '1 December 2026',
      signed_by_name: SIGNED.name, signed_by_role: SIGNED.role, signed_by_phone: SIGNED.phone,
      format: 'standard', language: 'Polish', interpreter: 'yes',
    });
    expect(sent).toMatchObject({
      audience: 'person', channel: 'notify', status: 'sent', providerReference: n.id, templateKey: 'acknowledgement-email',
      templateId: n.template_id, signedBy: SIGNED, accessibility: { format: 'standard', language: 'Polish' }, destination: 'e-mail to m…@example.org',
    });
  });

  test('when the same key is sent twice, then Notify is called once and the second call returns the recorded message', async () => {
    const caseId = newCase();
    const first = await sendToPerson(h.messaging.deps, anEmail(caseId));
    const second = await sendToPerson(h.messaging.deps, anEmail(caseId));
    expect(second).toEqual(first);
    expect(h.notify.posts()).toBe(1);
  });

  test('when two attempts at the same key run at once, then Notify is called once and both see the same record', async () => {
    const caseId = newCase();
    const [a, b] = await Promise.all([sendToPerson(h.messaging.deps, anEmail(caseId)), sendToPerson(h.messaging.deps, anEmail(caseId))]);
    expect(h.notify.posts()).toBe(1);
    expect(a).toEqual(b);
    expect(a.status).toBe('sent');
  });

  test('when Notify accepted a message but the answer was lost, then the retry finds it by reference and sends nothing again', async () => {
    const caseId = newCase();
    h.notify.loseNextAnswer();
    await expect(sendToPerson(h.messaging.deps, anEmail(caseId))).rejects.toThrow(/GOV.UK Notify could not be reached/);
    const [pending] = await h.messaging.store.forCase(caseId);
    expect(pending?.status).toBe('pending');

    const retried = await sendToPerson(h.messaging.deps, anEmail(caseId));
    expect(h.notify.posts()).toBe(1);
    expect(retried).toMatchObject({ status: 'sent', providerReference: h.notify.notifications[0]!.id });
  });

  test('when a pending row is retried and Notify already holds its reference, then it is recorded as sent without sending', async () => {
    const caseId = newCase();
    const message = anEmail(caseId);
    // The state a crash between Notify's answer and the "sent" commit leaves behind.
    const local = createMessaging(messagingConfig(), h.pool);
    await local.deps.store.claim({
      audience: 'person', channel: 'notify', status: 'pending', statusReason: null, templateKey: 'acknowledgement-email',
      templateId: TEST_NOTIFY_TEMPLATES['acknowledgement-email']!, message: personMessageSchema.parse(message),
    });
    const held = h.notify.hold({ reference: message.key });
    const sent = await sendToPerson(h.messaging.deps, message);
    expect(h.notify.posts()).toBe(0);
    expect(sent).toMatchObject({ status: 'sent', providerReference: held.id });
  });

  test('when the details cannot take the message (a landline for a text, "no fixed abode" for a letter), then it is recorded as not sent with why, and Notify is never asked', async () => {
    const caseId = newCase();
    const text = anEmail(caseId, { key: `${caseId}:ack-text`, method: 'text', to: { phone: '0113 496 0000' } });
    expect(await sendToPerson(h.messaging.deps, text)).toMatchObject({ status: 'not-sent', statusReason: 'The number is a landline: texts can only go to mobiles. Reach the person another way.' });
    const letter = anEmail(caseId, { key: `${caseId}:ack-letter`, method: 'letter', to: { name: 'Margaret', addressLines: ['No fixed abode', 'Leeds'], postcode: 'LS6 2AB' } });
    expect(await sendToPerson(h.messaging.deps, letter)).toMatchObject({ status: 'not-sent', statusReason: expect.stringMatching(/no fixed abode/), destination: 'letter (not sendable as addressed)' });
    expect(h.notify.posts()).toBe(0);
  });

  test('when Notify refuses the message itself, then it is recorded as failed with Notify\'s reason and not tried again', async () => {
    const caseId = newCase();
    const text = anEmail(caseId, { key: `${caseId}:ack-text`, method: 'text', to: { phone: '07700 900123' } });
    h.notify.failNext(400, 'ValidationError', 'phone_number Not a UK mobile number');
    const failed = await sendToPerson(h.messaging.deps, text);
    expect(failed).toMatchObject({ status: 'failed', statusReason: expect.stringMatching(/Not a UK mobile number/) });
    expect(await sendToPerson(h.messaging.deps, text)).toMatchObject({ id: failed.id, status: 'failed' });
    expect(h.notify.posts()).toBe(1);
  });

  test('when Notify is unavailable, then the send throws for the job to retry, and the retry sends once', async () => {
    const caseId = newCase();
    h.notify.failNext(500, 'Exception', 'Internal server error');
    await expect(sendToPerson(h.messaging.deps, anEmail(caseId))).rejects.toThrow(/\(500\)/);
    expect(await sendToPerson(h.messaging.deps, anEmail(caseId))).toMatchObject({ status: 'sent' });
    expect(h.notify.notifications).toHaveLength(1);
  });

  test('when a letter is sent, then Notify gets the address as address lines, the name first and the postcode last', async () => {
    const caseId = newCase();
    await sendToPerson(h.messaging.deps, aLetter(caseId, 'standard'));
    expect(h.notify.notifications[0]).toMatchObject({
      type: 'letter', template_id: TEST_NOTIFY_TEMPLATES['outcome-letter'],
      personalisation: expect.objectContaining({ address_line_1: 'Margaret Example', address_line_2: '12 Acacia Avenue', address_line_3: 'Leeds', address_line_4: 'LS6 2AB', format: 'standard' }),
    });
  });

  test.each([
    ['easy-read', 'sent', 'outcome-letter-easy-read'],
    ['large-print', 'needs-alternative-format', null],
    ['braille', 'needs-alternative-format', null],
    ['audio', 'needs-alternative-format', null],
  ] as const)('when an outcome letter is wanted in %s, then it is %s (template %s)', async (format, status, templateKey) => {
    const caseId = newCase();
    const sent = await sendToPerson(h.messaging.deps, aLetter(caseId, format));
    expect(sent).toMatchObject({ status, templateKey, accessibility: { format } });
    expect(h.notify.posts()).toBe(status === 'sent' ? 1 : 0);
    if (status === 'sent') expect(h.notify.notifications[0]).toMatchObject({ template_id: TEST_NOTIFY_TEMPLATES[templateKey], personalisation: expect.objectContaining({ format }) });
    else expect(sent.statusReason).toMatch(new RegExp(`No ${format} template for a letter`));
  });

  test('when someone who reads braille prefers e-mail, then the standard e-mail goes, for their device to read', async () => {
    const caseId = newCase();
    const sent = await sendToPerson(h.messaging.deps, anEmail(caseId, { accessibility: { format: 'braille' } }));
    expect(sent).toMatchObject({ status: 'sent', templateKey: 'acknowledgement-email' });
    expect(h.notify.notifications[0]?.personalisation).toMatchObject({ format: 'braille', language: '', interpreter: 'no' });
  });

  test('when a key is reused for another case, then the conflict is refused and nothing is sent', async () => {
    const caseId = newCase();
    await sendToPerson(h.messaging.deps, anEmail(caseId));
    await expect(sendToPerson(h.messaging.deps, anEmail(newCase(), { key: `${caseId}:acknowledgement` }))).rejects.toThrow(IdempotencyKeyConflict);
    expect(h.notify.posts()).toBe(1);
  });

  test('when a message lacks what its method needs or the signature, then it is refused before anything is recorded', async () => {
    const caseId = newCase();
    const bad = { ...aLetter(caseId, 'standard'), to: { name: 'Margaret Example' }, signedBy: { name: 'Sam' } } as unknown as PersonMessageInput;
    await expect(sendToPerson(h.messaging.deps, bad)).rejects.toThrow(/addressLines|postcode|signedBy/);
    expect(await h.messaging.store.forCase(caseId)).toEqual([]);
  });
});

describe('the local outbox when no Notify key is configured', () => {
  test('when more people are messaged at once than the service has database connections, then every message is sent, once', async () => {
    const outbox = createMessaging({ NOTIFY_BASE_URL: 'http://127.0.0.1:9', NOTIFY_TEMPLATES: {}, NOTIFY_TIMEOUT_MS: 1_000, SMTP_FROM: 'x@council.test', SMTP_TIMEOUT_MS: 1_000 }, h.pool);
    const caseIds = Array.from({ length: 25 }, () => newCase());
    const sent = await Promise.all(caseIds.map((caseId) => sendToPerson(outbox.deps, anEmail(caseId))));
    expect(sent.map((m) => m.status)).toEqual(caseIds.map(() => 'sent'));
    const held = await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM message_outbox WHERE case_id = ANY($1)', [caseIds]);
    expect(held.rows[0]?.n).toBe(25);
  }, 30_000);

  test('when a letter goes to "No fixed abode" without a Notify key, then the outbox refuses it as Notify would, saying why, and holds nothing', async () => {
    const caseId = newCase();
    const local = createMessaging({ ...messagingConfig(), NOTIFY_API_KEY: undefined, NOTIFY_TEMPLATES: {} }, h.pool);
    const letter = anEmail(caseId, { method: 'letter', to: { name: 'Margaret Example', addressLines: ['No fixed abode'], postcode: 'LS6 2AB' } });
    expect(await sendToPerson(local.deps, letter)).toMatchObject({ channel: 'outbox', status: 'not-sent', statusReason: expect.stringMatching(/no fixed abode.*another way/) });
    expect((await h.pool.query('SELECT 1 FROM message_outbox WHERE case_id = $1', [caseId])).rowCount).toBe(0);
  });

  test('when a person is messaged without a Notify key, then the outbox holds it, Notify is not called, and advisors can read it', async () => {
    const caseId = newCase();
    const local = createMessaging({ ...messagingConfig(), NOTIFY_API_KEY: undefined, NOTIFY_TEMPLATES: {} }, h.pool);
    const sent = await sendToPerson(local.deps, anEmail(caseId));
    expect(sent).toMatchObject({ channel: 'outbox', status: 'sent', templateId: 'local:acknowledgement-email' });
    expect(await sendToPerson(local.deps, anEmail(caseId))).toMatchObject({ id: sent.id });
    expect(h.notify.posts()).toBe(0);

    const res = await request(h.app).get('/api/messages/outbox').query({ caseId }).set(await as('advisor')).expect(200);
    expect(res.body.messages).toEqual([
      expect.objectContaining({
        reference: `${caseId}:acknowledgement`, templateKey: 'acknowledgement-email', method: 'email', to: 'margaret@example.org',
        personalisation: expect.objectContaining({ signed_by_name: SIGNED.name, signed_by_phone: SIGNED.phone }),
      }),
    ]);
    await request(h.app).get('/api/messages/outbox').set(await as('practitioner')).expect(403);
    const bad = await request(h.app).get('/api/messages/outbox').query({ caseId: 'nope', limit: '0' }).set(await as('manager')).expect(400);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/caseId', '#/limit']);
  });
});

describe('the inbox and case messages over HTTP', () => {
  async function notePractitioner(caseId: string, n: number) {
    return messagePractitioner(h.messaging.deps, {
      key: `${caseId}:note:${n}`, caseId, to: { practitionerId: PEOPLE.practitioner.id, email: 'pat@council.test' }, subject: `Note ${n}`, body: `Body ${n}`,
    });
  }

  test('when the recipient reads the inbox, then it is newest first, marking read works once, and unread filters', async () => {
    const caseId = newCase();
    const first = await notePractitioner(caseId, 1);
    const second = await notePractitioner(caseId, 2);
    const mine = async (query: Record<string, string> = {}) =>
      ((await request(h.app).get('/api/messages/inbox').query(query).set(await as('practitioner')).expect(200)).body.messages as { id: string; caseId: string }[])
        .filter((m) => m.caseId === caseId).map((m) => m.id);
    expect(await mine()).toEqual([second.id, first.id]);

    const read = await request(h.app).post(`/api/messages/inbox/${first.id}/read`).set(await as('practitioner')).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await request(h.app).post(`/api/messages/inbox/${first.id}/read`).set(await as('practitioner')).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect(await mine({ unread: 'true' })).toEqual([second.id]);
    expect(await mine({ unread: 'false' })).toEqual([first.id]);
  });

  test('when someone else, an unknown id, a bad id, a bad filter or no token is used, then 404, 404, 400, 400 and 401', async () => {
    const message = await notePractitioner(newCase(), 1);
    await request(h.app).post(`/api/messages/inbox/${message.id}/read`).set(await as('manager')).expect(404);
    expect((await request(h.app).get('/api/messages/inbox').set(await as('manager')).expect(200)).body.messages.map((m: { id: string }) => m.id)).not.toContain(message.id);
    await request(h.app).post(`/api/messages/inbox/${randomUUID()}/read`).set(await as('practitioner')).expect(404);
    const badId = await request(h.app).post('/api/messages/inbox/42/read').set(await as('practitioner')).expect(400).expect('content-type', /problem\+json/);
    expect(badId.body.errors).toEqual([{ pointer: '#/id', detail: 'is not a message id' }]);
    const badQuery = await request(h.app).get('/api/messages/inbox').query({ unread: 'maybe' }).set(await as('practitioner')).expect(400);
    expect(badQuery.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/unread']);
    await request(h.app).get('/api/messages/inbox').expect(401);
  });

  test('when staff list a case\'s messages, then they see what went where, signed by whom and in which format, without personalisation or bodies, and the read is logged', async () => {
    const caseId = await recordedCase();
    await sendToPerson(h.messaging.deps, anEmail(caseId));
    await sendToPerson(h.messaging.deps, aLetter(caseId, 'braille'));
    await notePractitioner(caseId, 1);
    const res = await request(h.app).get(`/api/cases/${caseId}/messages`).set(await as('advisor')).expect(200);
    expect(res.body.caseId).toBe(caseId);
    expect(res.body.messages.map((m: { template: string | null; status: string; destination: string }) => [m.template, m.status, m.destination])).toEqual([
      ['acknowledgement', 'sent', 'e-mail to m…@example.org'],
      ['outcome', 'needs-alternative-format', 'letter to LS6 2AB'],
      [null, 'sent', `in-app inbox of ${PEOPLE.practitioner.id}, and e-mail to pat@council.test`],
    ]);
    expect(res.body.messages[0]).toMatchObject({ signedBy: SIGNED, accessibility: { format: 'standard', language: 'Polish' }, method: 'email' });
    const text = JSON.stringify(res.body);
    for (const hidden of ['margaret@example.org', 'Acacia', 'next_contact_by', 'Body 1']) expect(text).not.toContain(hidden);
    expect(await h.deps.accessLog.list(caseId)).toEqual([expect.objectContaining({ userId: PEOPLE.advisor.id, what: 'the messages sent', why: 'to see what the case was sent' })]);
  });

  test('when a case is unknown, the id is bad, or the caller is not case staff, then 404, 400 and 403', async () => {
    await request(h.app).get(`/api/cases/${randomUUID()}/messages`).set(await as('manager')).expect(404);
    const bad = await request(h.app).get('/api/cases/not-a-case/messages').set(await as('manager')).expect(400);
    expect(bad.body.errors).toEqual([{ pointer: '#/id', detail: 'is not a case id' }]);
    await request(h.app).get(`/api/cases/${randomUUID()}/messages`).set(await as('intake')).expect(403);
  });
});
