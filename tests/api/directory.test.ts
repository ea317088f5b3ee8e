// The signposting directory: seeded with the organisations seed 003 names, searched by text, topic and area.
import request from 'supertest';
import { as, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function search(query: Record<string, string>): Promise<{ id: string; name: string; phones: string[]; service_areas: string[] }[]> {
  const res = await request(h.app).get('/api/directory/services').query(query).set(await as('advisor')).expect(200);
  return res.body.services;
}

test('when the directory is listed, then it holds the local and national organisations the procedure names', async () => {
  const all = await search({});
  expect(all).toHaveLength(23);
  expect(all.filter((s) => s.service_areas.includes('National'))).toHaveLength(14);
  expect(all.find((s) => s.id === 'age-uk-cheshire-east')).toMatchObject({ phones: ['01625 612958'] });
});

test('when an advisor searches for dementia, then the Alzheimer\'s Society helpline is offered', async () => {
  expect((await search({ q: 'dementia' })).map((s) => s.id)).toEqual(['alzheimers-society']);
});

test('when an advisor filters by topic and area, then only local carers\' services come back', async () => {
  expect((await search({ topic: 'carers', area: 'cheshire east' })).map((s) => s.id)).toEqual(['cheshire-east-carers-hub']);
  expect((await search({ topic: 'carers' })).map((s) => s.id)).toEqual(['cheshire-east-carers-hub', 'carers-uk']);
});

test('when the search is malformed, then 400 names the field; when a service is unknown, then 404', async () => {
  const res = await request(h.app).get('/api/directory/services').query({ q: 'a', topic: 'Not A Topic' }).set(await as('advisor')).expect(400);
  expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['#/q', '#/topic']);
  await request(h.app).get('/api/directory/services/no-such-service').set(await as('advisor')).expect(404);
  await request(h.app).get('/api/directory/services').expect(401);
});
