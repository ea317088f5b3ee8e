// POST/GET /api/contacts over HTTP with the real database and engine: validation, problem+json, nothing half-stored.
import net from 'node:net';
import request from 'supertest';
import { z } from 'zod';
import { createApp } from '../../src/api/app';
import type { JourneyEngine } from '../../src/domain/contacts';
import { createJourneyEngine } from '../../src/engine/journeys';
import { createEngineClient } from '../../src/engine/operaton';
import { createContactStore } from '../../src/store/contacts';
import { createPool } from '../../src/store/db';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, testLogger, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function contactCount(): Promise<number> {
  return Number((await h.pool.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]?.n);
}

/** The contacts on record, by id. */
async function contactIds(): Promise<string[]> {
  return (await h.pool.query<{ id: string }>('SELECT id FROM contacts ORDER BY id')).rows.map((r) => r.id);
}

/** What any contact not among these left on record: stages reached and journeys linked to its case. */
async function leftBehindBesides(ids: string[]): Promise<{ stages: number; journeys: number }> {
  const { rows } = await h.pool.query<{ stages: string; journeys: string }>(
    `SELECT (SELECT count(*) FROM contact_stages WHERE NOT (contact_id = ANY($1::uuid[]))) AS stages,
            (SELECT count(*) FROM case_instances WHERE NOT (case_id = ANY($1::uuid[]))) AS journeys`, [ids]);
  return { stages: Number(rows[0]?.stages), journeys: Number(rows[0]?.journeys) };
}

/** A local port nothing listens on (found free, then closed); not one fetch refuses to call (1, 9, …). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return port;
}

const instance = z.object({ id: z.string(), businessKey: z.string().nullable(), processDefinitionKey: z.string() }).passthrough();

/** The real engine, counting the journeys it is asked to start. */
function countingEngine(): JourneyEngine & { started: number } {
  const real = createJourneyEngine(h.engine);
  const engine = {
    started: 0,
    startReceivingAContact: (facts: Parameters<JourneyEngine['startReceivingAContact']>[0]) => {
      engine.started += 1;
      return real.startReceivingAContact(facts);
    },
    shownNotUrgent: (contactId: string) => real.shownNotUrgent(contactId),
  };
  return engine;
}

test('when a valid contact is posted, then 201 says where to follow it and the record shows its journey', async () => {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201);
  expect(res.headers.location).toBe(`/api/contacts/${res.body.id}`);
  expect(res.body).toEqual({ id: expect.any(String), processInstanceKey: expect.any(String), stage: 'received', links: { self: res.headers.location } });
  // The key is the engine's process instance of this contact's journey, under the case id.
  const started = await h.engine.get(`/history/process-instance/${res.body.processInstanceKey}`, instance);
  expect(started).toMatchObject({ businessKey: res.body.id, processDefinitionKey: 'receiving-a-contact' });

  const view = await eventually(async () => {
    const r = await request(h.app).get(res.headers.location as string).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200);
    return r.body.stage === 'recorded' && r.body;
  }, 'the contact to be recorded');
  expect(view.person.name).toBe('Margaret Example');
  expect(view.journey).toBe('Contact recorded; waiting for screening and triage.');
  expect(view.history.map((e: { stage: string }) => e.stage)).toEqual(['received', 'recorded']);
});

test('when a contact has bad fields, then 400 problem+json names each field and nothing is stored or started', async () => {
  const engine = countingEngine();
  const app = createApp({ ...h.deps, engine });
  const before = await contactCount();
  const contact = aContact();
  const res = await request(app)
    .post('/api/contacts')
    .set(await as('intake'))
    .send({ ...contact, channel: 'carrier-pigeon', person: { ...contact.person, nhsNumber: '1234567890', dateOfBirth: 'yesterday' } })
    .expect(400)
    .expect('content-type', /application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'about:blank', title: 'The request has invalid fields', status: 400 });
  expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/channel', '#/person/dateOfBirth', '#/person/nhsNumber']);
  expect(res.body.errors.find((e: { pointer: string }) => e.pointer === '#/person/nhsNumber').detail).toMatch(/not a valid NHS number/);
  expect(await contactCount()).toBe(before);
  expect(engine.started).toBe(0);
});

test('when a contact names a way of contact the service does not know, leaves out the presenting issue and adds a field, then each is said in plain words', async () => {
  const contact = aContact();
  const res = await request(h.app).post('/api/contacts').set(await as('intake'))
    .send({ ...contact, presentingIssue: undefined, person: { ...contact.person, preferredContactMethod: 'sms' }, favouriteColour: 'blue' }).expect(400);
  expect(res.body.detail).toBe('3 fields need correcting; nothing was recorded.');
  expect(res.body.errors).toEqual(expect.arrayContaining([
    { pointer: '#/person/preferredContactMethod', detail: 'must be one of: phone, email, text, letter, face-to-face' },
    { pointer: '#/presentingIssue', detail: 'is required' },
    { pointer: '#/', detail: 'has fields this does not take: favouriteColour' },
  ]));
});

test('when no bearer token is sent, then 401 problem+json asks the caller to sign in and nothing is stored', async () => {
  const before = await contactCount();
  const res = await request(h.app).post('/api/contacts').send(aContact()).expect(401).expect('content-type', /problem\+json/);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  expect(await contactCount()).toBe(before);
});

test('when the body is not JSON, then 400 problem+json says so', async () => {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).set('content-type', 'application/json').send('{"channel":').expect(400);
  expect(res.body.title).toBe('The request body is not valid JSON');
});

test('when the engine cannot be reached, then 503 problem+json and nothing of the contact is kept', async () => {
  const deadEngine = createEngineClient({ restUrl: `http://127.0.0.1:${await closedPort()}/engine-rest`, user: h.engine.user, password: h.engine.password });
  const app = createApp({ ...h.deps, engine: createJourneyEngine(deadEngine) });
  const before = await contactIds();
  const res = await request(app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(503).expect('content-type', /problem\+json/);
  expect(res.body.title).toBe('The workflow engine is unavailable');
  expect(res.body.detail).toMatch(/not recorded/);
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  // Neither the contact nor its "received" stage nor a link to a journey stays behind.
  expect(await contactIds()).toEqual(before);
  expect(await leftBehindBesides(before)).toEqual({ stages: 0, journeys: 0 });
});

test('when the database cannot be reached, then 503 problem+json says the case store is unavailable', async () => {
  const deadPool = createPool('postgres://postgres@127.0.0.1:1/none');
  const { log } = testLogger();
  const app = createApp({ ...h.deps, contacts: createContactStore(deadPool), engine: countingEngine(), log });
  const res = await request(app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(503);
  expect(res.body.title).toBe('The case record store is unavailable');
  await deadPool.end();
});

test('when a contact does not exist, then 404 problem+json; when the id is malformed, then 400 names it', async () => {
  await request(h.app).get('/api/contacts/5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11').query({ purpose: 'Checking' }).set(await as('advisor')).expect(404).expect('content-type', /problem\+json/);
  const res = await request(h.app).get('/api/contacts/not-an-id').query({ purpose: 'Checking' }).set(await as('advisor')).expect(400);
  expect(res.body.errors).toEqual([{ pointer: '#/id', detail: 'is not a contact id' }]);
});

test('when someone reads a person\'s record, then the read is logged, and only team managers can see that log (G1)', async () => {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact({ person: { ...aContact().person, nhsNumber: undefined } })).expect(201);
  const id = res.body.id as string;
  await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200);
  await request(h.app).get(`/api/contacts/${id}/access`).set(await as('advisor')).expect(403);
  const log = await request(h.app).get(`/api/contacts/${id}/access`).set(await as('manager')).expect(200);
  expect(log.body.access).toEqual([{ userId: 'ada.advisor', what: 'the whole record', why: 'Checking the test case', at: expect.any(String) }]);
  await request(h.app).get('/api/contacts/5b0f7a52-8d1f-4c55-9d7a-0e3f7f0f2a11/access').set(await as('manager')).expect(404);
});
