// A bounded fuzz run in every `npm test` (the full one is `npm run fuzz`): requests made from the API's own OpenAPI
// description, as every group, well formed and hostile. None may answer 5xx; a refused write must change nothing.
import request from 'supertest';
import { DEFAULT_DEV_SECRET, signDevToken } from '../../src/api/auth';
import { openApiDocument } from '../../src/api/openapi';
import { FINGERPRINT_SQL, fuzzRequests, runFuzz, type FuzzRequest } from '../../bench/fuzz-requests';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

test('when the API description is served, then it describes every route of the access policy with its request schemas', async () => {
  const res = await request(h.app).get('/openapi.json').expect(200);
  expect(res.body.openapi).toBe('3.0.3');
  expect(res.body.paths['/api/contacts'].post.requestBody.content['application/json'].schema.properties.channel.enum).toContain('letter');
  expect(res.body.paths['/api/contacts/{id}'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['id', 'purpose']);
});

test('when 400 requests made from the description are sent as every group, then none answers 5xx and no refused write changes the case store', async () => {
  const tokens = new Map<string, string>();
  const send = async (r: FuzzRequest) => {
    const key = r.groups.join(',');
    if (!tokens.has(key)) tokens.set(key, await signDevToken(DEFAULT_DEV_SECRET, { id: 'fuzz.tester', groups: r.groups }));
    let call = request(h.app)[r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](r.path).query(r.query).set('authorization', `Bearer ${tokens.get(key)}`);
    if (r.body && 'json' in r.body) call = call.set('content-type', 'application/json').send(JSON.stringify(r.body.json));
    if (r.body && 'raw' in r.body) call = call.set('content-type', r.body.contentType).send(r.body.raw);
    const res = await call;
    return { status: res.status, body: res.text };
  };
  const report = await runFuzz(fuzzRequests(openApiDocument(), 400, 7), send, async () => (await h.pool.query<{ fingerprint: string }>(FINGERPRINT_SQL)).rows[0]!.fingerprint);
  expect(report.serverErrors).toEqual([]);
  expect(report.refusedButChanged).toEqual([]);
  expect(report.routesCovered).toBeGreaterThan(35);
});
