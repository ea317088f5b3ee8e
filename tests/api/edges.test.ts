// G1 hardened edges: malformed requests answer 4xx problem+json (never 500), no engine or parser text reaches callers,
// security headers and no-store on the API, and the intake rate limit.
import request from 'supertest';
import { createApp } from '../../src/api/app';
import { EngineRefusal } from '../../src/engine/operaton';
import { engineUnavailable } from '../../src/errors';
import { aContact } from '../support/contacts';
import { as, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

// Words from engines, parsers and drivers that staff must never read.
const INTERNALS = /Exception|ENGINE-|org\.operaton|Command '|INVALID_STATE|ECONNREFUSED|Unexpected token|Unexpected end|JSON at position|LATIN1|URIError|decode param|invalid byte sequence|SQLSTATE|at [\w.]+ \(|\/engine-rest|\/api\//;

function expectPlainProblem(res: request.Response, status: number): void {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(res.body).toMatchObject({ type: 'about:blank', status, title: expect.any(String), detail: expect.any(String) });
  expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
}

test.each([
  ['a malformed %-escape in a path id', 'get', '/api/contacts/%ZZ', 400],
  ['a malformed %-escape in a task key', 'post', '/api/tasks/%E0%A4%A/assignment', 400],
  ['a NUL in the assignee', 'get', '/api/tasks?assignee=%00', 400],
  ['a NUL in a candidate group', 'get', '/api/tasks?candidateGroup=contact-advisors%00', 400],
  ['a 4,000-character assignee', 'get', `/api/tasks?assignee=${'a'.repeat(4000)}`, 400],
  ['a page number past 64 bits', 'get', '/api/tasks?page=1000000000000000000', 400],
  ['a page number in exponent form', 'get', '/api/tasks?page=1e3', 400],
  ['a negative page size', 'get', '/api/tasks?pageSize=-5', 400],
  ['a RAC waiting-list page past 64 bits', 'get', '/api/rac/waiting-list?page=99999999999999999999', 400],
  ['an inbox limit past 64 bits', 'get', '/api/messages/inbox?limit=1000000000000000000000', 400],
  ['a deadline window that overflows a date', 'get', '/api/operations/deadlines?within=P100000000W', 400],
  ['a response-standard window of a million years', 'get', '/api/operations/response-standard?over=P365000000D', 400],
  ['a NUL in a directory search', 'get', '/api/directory/services?q=age%00uk', 400],
])('when a request has %s, then 4xx problem+json in plain words, never 500', async (_what, method, url, status) => {
  const person = url.startsWith('/api/operations') || url.startsWith('/api/rac') ? 'manager' : 'advisor';
  const res = await request(h.app)[method as 'get' | 'post'](url).set(await as(person));
  expectPlainProblem(res, status);
});

test('when a query value is wrong, then the 400 names the field in plain words', async () => {
  const page = await request(h.app).get('/api/tasks?page=1000000000000000000').set(await as('advisor'));
  expect(page.body.errors).toEqual([{ pointer: '#/page', detail: 'must be a whole number from 1 to 10000' }]);
  const nul = await request(h.app).get('/api/tasks?assignee=%00').set(await as('advisor'));
  expect(nul.body.errors).toEqual([{ pointer: '#/assignee', detail: expect.stringMatching(/^is not a sign-in id/) }]);
  const within = await request(h.app).get('/api/operations/deadlines?within=P100000000W').set(await as('manager'));
  expect(within.body.errors).toEqual([{ pointer: '#/within', detail: 'can be at most 10 years, e.g. P520W or P3650D' }]);
});

test.each([
  ['a Latin-1 charset', { 'content-type': 'application/json; charset=latin1' }, '{}', 415],
  // UTF-16 is a charset the parser decodes: these bytes then are not JSON.
  ['a UTF-16 charset', { 'content-type': 'application/json; charset=utf-16' }, '{}', 400],
  ['a compression the parser does not take', { 'content-type': 'application/json', 'content-encoding': 'compress' }, '{}', 415],
  ['JSON cut short', { 'content-type': 'application/json' }, '{"channel": "phone", ', 400],
  ['a bare string for JSON', { 'content-type': 'application/json' }, '"just a string"', 400],
])('when a contact is sent with %s, then 4xx problem+json that quotes neither the body nor the parser', async (_what, headers, body, status) => {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).set(headers).send(body);
  expectPlainProblem(res, status);
});

test('when a contact body holds a NUL in a name or the presenting issue, then 400 names each field and nothing reaches the database', async () => {
  const contact = aContact();
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send({ ...contact, person: { ...contact.person, name: 'Margaret\u0000Example' }, presentingIssue: 'Falls\u0000' });
  expectPlainProblem(res, 400);
  expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/person/name', '#/presentingIssue']);
});

test('when the engine refuses or is unreachable, or anything else fails, then staff read plain words and the engine\'s own text goes to the log only', async () => {
  const failures: [Error, number][] = [
    [new EngineRefusal(500, 'ProcessEngineException', 'ENGINE-03004 Exception while executing Database Operation org.operaton.bpm.engine.impl.persistence.entity.TaskEntity', undefined, 'The inbox could not be read'), 503],
    [new EngineRefusal(400, 'BadUserRequestException', "Command 'CLAIM' rejected with code 'INVALID_STATE': Cannot claim task", undefined, 'The inbox could not be read'), 409],
    [engineUnavailable('ECONNREFUSED', 'The inbox could not be read'), 503],
    [new Error("Command 'CLAIM' rejected with code 'INVALID_STATE': Expected to claim task but it is in state 'COMPLETED'"), 500],
  ];
  for (const [failure, status] of failures) {
    h.memory.entries.length = 0;
    const app = createApp({ ...h.deps, readModel: { ...h.deps.readModel, listTasks: () => Promise.reject(failure) } });
    const res = await request(app).get('/api/tasks').set(await as('advisor'));
    expectPlainProblem(res, status);
    // What the engine said is kept for the service team.
    expect(JSON.stringify(h.memory.entries)).toMatch(/ENGINE-03004|INVALID_STATE|ECONNREFUSED/);
  }
});

test('when the API answers, then it carries helmet\'s security headers and Cache-Control: no-store, also on errors', async () => {
  for (const res of [
    await request(h.app).get('/api/directory/services').set(await as('advisor')).expect(200),
    await request(h.app).get('/api/contacts/00000000-0000-4000-8000-000000000000').query({ purpose: 'Checking' }).set(await as('advisor')).expect(404),
    await request(h.app).get('/api/tasks').expect(401),
  ]) {
    expect(res.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringMatching(/max-age=\d+/),
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  }
});

test('when a caller sends more contacts than the configured intake limit, then 429 problem+json with Retry-After, and other callers are not held up', async () => {
  const app = createApp({ ...h.deps, rateLimits: { intake: { limit: 2, windowSeconds: 60 }, signIn: { limit: 1, windowSeconds: 60 } } });
  // Bad contacts count too: the limit is on requests, whatever they hold.
  for (let i = 0; i < 2; i++) await request(app).post('/api/contacts').set(await as('intake')).send({}).expect(400);
  const res = await request(app).post('/api/contacts').set(await as('intake')).send(aContact());
  expectPlainProblem(res, 429);
  expect(res.body.title).toBe('Too many requests');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  expect(res.body.detail).toMatch(/Try again in \d+ seconds; nothing was recorded/);
  // Another caller has a limit of their own; reading is not limited.
  await request(app).post('/api/contacts').set(await as('advisor')).send({}).expect(400);
  await request(app).get('/api/directory/services').set(await as('intake')).expect((r) => expect(r.status).not.toBe(429));
});
