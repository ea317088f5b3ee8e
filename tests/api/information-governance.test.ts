// Information governance (G1): one policy table decides who may call each route (the matrix below is generated from
// it: every route, every group), every read of a person's data is in an append-only access log, and the person's right
// of access is an export of everything held about them.
import request from 'supertest';
import { ACCESS_POLICY, GROUPS, type Route } from '../../src/api/access-policy';
import { signDevToken, DEFAULT_DEV_SECRET } from '../../src/api/auth';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const asGroups = async (groups: string[]) => ({ authorization: `Bearer ${await signDevToken(DEFAULT_DEV_SECRET, { id: 'matrix.tester', groups })}` });
/** A placeholder for each kind of path parameter: nothing exists at it, so an allowed caller meets 400 or 404, never 403. */
const PLACEHOLDER: Record<string, string> = { nhsNumber: '4020151741', key: 'no-such-task' };
const pathOf = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => PLACEHOLDER[name] ?? '00000000-0000-4000-8000-000000000000');

const cases = (Object.keys(ACCESS_POLICY) as Route[]).flatMap((route) =>
  [...Object.keys(GROUPS), 'no group'].map((group) => [route, group, (ACCESS_POLICY[route].groups as readonly string[]).includes(group)] as const));

test.each(cases)('%s by %s: allowed %s', async (route, group, allowed) => {
  const [method, path] = route.split(' ') as [string, string];
  const call = request(h.app)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](pathOf(path)).set(await asGroups(group === 'no group' ? [] : [group]));
  const res = method === 'GET' || method === 'DELETE' ? await call : await call.send({});
  if (allowed) {
    expect(res.status).not.toBe(403);
    // The route exists: an allowed caller meets the route's own answer, not "there is nothing here".
    expect(res.status === 404 && res.body.title === 'Not found').toBe(false);
    expect(res.status).toBeLessThan(500);
  } else {
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/^Only [a-z-]+(, [a-z-]+)* may [a-z]/);
  }
});

test('when a route is not in the policy table, then nobody can call it: it is not found', async () => {
  for (const group of Object.keys(GROUPS)) {
    const res = await request(h.app).get('/api/contacts').set(await asGroups([group]));
    expect(res.status).toBe(404);
  }
});

async function aCase(contact = aContact()): Promise<string> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact);
  expect([res.status, res.body.errors]).toEqual([201, undefined]);
  const id = (res.body as { id: string }).id;
  await eventually(async () => (await h.contacts.find(id))?.stage !== 'received' && id, 'the contact to be recorded');
  return id;
}
const accessOf = async (id: string) => (await request(h.app).get(`/api/contacts/${id}/access`).set(await as('manager')).expect(200)).body.access as { userId: string; what: string; why: string }[];

test('when staff read a person\'s whole record, then they must say why, and who read what and why is in the access log for a team manager to see', async () => {
  // No NHS number, so the log holds only the reads of this case (other tests look up allocations by the usual number).
  const id = await aCase(aContact({ person: { ...aContact().person, nhsNumber: undefined } }));
  const unsaid = await request(h.app).get(`/api/contacts/${id}`).set(await as('advisor')).expect(400);
  expect(unsaid.body.errors).toEqual([{ pointer: '#/purpose', detail: expect.stringMatching(/say why|is required/) }]);
  await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Returning her call about the stairs' }).set(await as('advisor')).expect(200);
  // The intake system that sent the contact in, the RAC panel and commissioners do not read whole records.
  for (const who of ['intake', 'panel', 'commissioner', 'operations'] as const) {
    await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Curious' }).set(await as(who)).expect(403);
  }
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  await request(h.app).get(`/api/tasks/${task.key}`).set(await as('advisor')).expect(200);
  expect(await accessOf(id)).toEqual([
    { userId: 'ada.advisor', what: 'the whole record', why: 'Returning her call about the stairs', at: expect.any(String) },
    { userId: 'ada.advisor', what: 'a task\'s summary', why: 'to do the task "Triage the contact"', at: expect.any(String) },
  ]);
});

test('when someone looks up who is allocated to a person by NHS number, or reads the outbox, then the read is in that person\'s access log', async () => {
  const id = await aCase(aContact({ person: { ...aContact().person, nhsNumber: '485 777 3457' } }));
  await request(h.app).get('/api/directory/people/4857773457/allocation').set(await as('practitioner'));
  // These tests send through the Notify stand-in, so a message is put in the local outbox as a service without a key would.
  await h.pool.query(
    `INSERT INTO message_outbox (id, reference, case_id, template_key, method, recipient, personalisation) VALUES (gen_random_uuid(), $1, $2, 'acknowledgement-email', 'email', 'margaret@example.org', '{}')`,
    [`${id}:outbox-test`, id]);
  expect((await request(h.app).get('/api/messages/outbox').query({ caseId: id }).set(await as('advisor')).expect(200)).body.messages).toHaveLength(1);
  const access = await accessOf(id);
  expect(access).toEqual(expect.arrayContaining([
    expect.objectContaining({ userId: 'pat.practitioner', what: 'who is allocated to them' }),
    expect.objectContaining({ userId: 'ada.advisor', what: 'messages in the local outbox' }),
  ]));
});

test('when anyone tries to change or remove the access log, then the database refuses: it is append-only', async () => {
  const id = await aCase(aContact({ person: { ...aContact().person, nhsNumber: undefined } }));
  await request(h.app).get(`/api/contacts/${id}`).query({ purpose: 'Checking the log' }).set(await as('manager')).expect(200);
  await expect(h.pool.query('UPDATE record_access SET why = $1 WHERE contact_id = $2', ['nothing to see', id])).rejects.toThrow(/append-only/);
  await expect(h.pool.query('DELETE FROM record_access WHERE contact_id = $1', [id])).rejects.toThrow(/append-only/);
  expect((await accessOf(id)).map((a) => a.why)).toContain('Checking the log');
});

describe('the right of access (UK GDPR Art. 15)', () => {
  test('when the information governance team exports what is held about a person, then every case of theirs, its decisions, messages and who read it are in it, as JSON and as a readable page, and the export is itself logged', async () => {
    const person = { ...aContact().person, nhsNumber: '450 000 0011', name: 'Edith Subject' };
    const first = await aCase(aContact({ person }));
    const second = await aCase(aContact({ person, presentingIssue: 'Needs help with meals now' }));
    await h.triage(first, 'information-and-advice');
    await request(h.app).get(`/api/contacts/${first}`).query({ purpose: 'Checking her follow-up' }).set(await as('manager')).expect(200);

    await request(h.app).get(`/api/contacts/${first}/export`).query({ reference: 'SAR-2026-0042' }).set(await as('manager')).expect(403);
    const unsaid = await request(h.app).get(`/api/contacts/${first}/export`).set(await as('governance')).expect(400);
    expect(unsaid.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/reference']);

    const json = await request(h.app).get(`/api/contacts/${first}/export`).query({ reference: 'SAR-2026-0042' }).set(await as('governance')).expect(200);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="?subject-access-SAR-2026-0042.json"?$/);
    const held = json.body as { caseIds: string[]; sections: { heading: string; records: Record<string, unknown>[] }[]; beforeRelease: string[] };
    expect(held.caseIds.sort()).toEqual([first, second].sort());
    const section = (heading: string) => held.sections.find((s) => s.heading === heading)?.records ?? [];
    expect(section('Contacts with adult social care').map((c) => (c.person as { name: string }).name)).toEqual(['Edith Subject', 'Edith Subject']);
    expect(section('Decisions and tasks done')).toEqual([expect.objectContaining({ case_id: first, form_id: 'triage-contact', completed_by: 'ada.advisor' })]);
    expect(section('Who has read their record')).toEqual(expect.arrayContaining([
      expect.objectContaining({ user_id: 'mary.manager', why: 'Checking her follow-up' }),
      expect.objectContaining({ user_id: 'ivy.governance', what: 'everything held (subject access)', why: 'subject access request SAR-2026-0042' }),
    ]));
    expect(held.beforeRelease.join(' ')).toMatch(/third parties/);

    const page = await request(h.app).get(`/api/contacts/${second}/export`).query({ reference: 'SAR-2026-0042', format: 'html' }).set(await as('governance')).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<h1>What adult social care holds about this person</h1>');
    expect(page.text).toContain('Needs help with meals now');
    expect(page.text).toContain('<h2>Who has read their record</h2>');
  });

  test('when a name holds markup, then the readable export shows it as text', async () => {
    const id = await aCase(aContact({ person: { ...aContact().person, nhsNumber: undefined, name: 'Bobby <b>Tables</b>' } }));
    const page = await request(h.app).get(`/api/contacts/${id}/export`).query({ reference: 'SAR-1', format: 'html' }).set(await as('governance')).expect(200);
    expect(page.text).toContain('Bobby &#60;b&#62;Tables&#60;/b&#62;');
    expect(page.text).not.toContain('<b>Tables</b>');
  });
});
