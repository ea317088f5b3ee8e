// The staff app's pages over HTTP: signing in and out, the session cookie, CSRF on every form, and every page checked
// against the access policy (generated from PAGE_POLICY: every page, signed in as someone of every group).
import request from 'supertest';
import { ACCESS_POLICY, GROUPS, PAGE_POLICY, type Page } from '../../src/api/access-policy';
import { DEVELOPMENT_STAFF } from '../../src/web/staff';
import { navigationFor } from '../../src/web/navigation';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** The form token on a page (every signed-in page has one, in its sign-out form). */
const tokenOn = (html: string): string => {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the page has no form token');
  return token;
};

/** A browser-like agent (it keeps cookies) signed in as this member of staff through the development sign-in. */
async function signedIn(staffId: string) {
  const agent = request.agent(h.app);
  const page = await agent.get('/sign-in').expect(200);
  // Each starts on the first page their navigation offers: the inbox, or for operations staff (who have none) their page.
  const member = DEVELOPMENT_STAFF.find((s) => s.id === staffId);
  await agent.post('/sign-in').type('form').send({ staffId, _csrf: tokenOn(page.text) }).expect(303).expect('location', navigationFor(member?.groups ?? [])[0]?.href ?? '/');
  return agent;
}

const someoneIn = (group: string) => DEVELOPMENT_STAFF.find((s) => (s.groups as readonly string[]).includes(group));

test('when someone opens a page without signing in, then they are sent to the sign-in page, which lists the example staff of every group that has pages', async () => {
  await request(h.app).get('/').expect(303).expect('location', '/sign-in');
  const page = await request(h.app).get('/sign-in').expect(200);
  expect(page.text).toContain('<html lang="en-GB"');
  for (const group of Object.keys(GROUPS).filter((g) => g !== 'contact-intake')) expect(someoneIn(group)).toBeDefined();
  for (const s of DEVELOPMENT_STAFF) expect(page.text).toContain(s.name);
});

test('when someone signs in, then the session cookie is HttpOnly and SameSite=Lax, a new session replaces the one before sign-in, and signing out ends it', async () => {
  const agent = request.agent(h.app);
  const before = await agent.get('/sign-in').expect(200);
  const preSession = /care-front-door\.session=([^;]+)/.exec(String(before.headers['set-cookie']))?.[1];
  const signIn = await agent.post('/sign-in').type('form').send({ staffId: 'ada.advisor', _csrf: tokenOn(before.text) }).expect(303);
  const cookie = String(signIn.headers['set-cookie']);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).not.toMatch(/Secure/); // loopback, plain http: a Secure cookie would never come back
  expect(/care-front-door\.session=([^;]+)/.exec(cookie)?.[1]).not.toBe(preSession);
  const inbox = await agent.get('/').expect(200);
  expect(inbox.text).toContain('Signed in as Ada Advisor');
  expect(inbox.headers['cache-control']).toBe('no-store');
  expect(inbox.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
  await agent.post('/sign-out').type('form').send({ _csrf: tokenOn(inbox.text) }).expect(303).expect('location', '/signed-out');
  await agent.get('/').expect(303).expect('location', '/sign-in');
});

test('when a form is sent without its token, or with another session\'s, then nothing changes and the page says the form has expired', async () => {
  const agent = await signedIn('ada.advisor');
  const other = await signedIn('alan.advisor');
  const othersToken = tokenOn((await other.get('/').expect(200)).text);
  const refused = await agent.post('/tasks/no-such-task/claim').type('form').send({ _csrf: othersToken }).expect(403);
  expect(refused.text).toContain('That form has expired');
  await agent.post('/sign-out').type('form').send({}).expect(403);
  await agent.get('/').expect(200);
  await request(h.app).post('/sign-in').type('form').send({ staffId: 'ada.advisor' }).expect(403);
});

test('when someone picks nobody, or someone not on the list, then the sign-in page says what to do', async () => {
  const agent = request.agent(h.app);
  const page = await agent.get('/sign-in').expect(200);
  const res = await agent.post('/sign-in').type('form').send({ staffId: 'mallory', _csrf: tokenOn(page.text) }).expect(400);
  expect(res.text).toContain('There is a problem');
  expect(res.text).toContain('href="#staffId"');
});

const cases = (Object.keys(PAGE_POLICY) as Page[]).flatMap((page) =>
  Object.keys(GROUPS).filter((g) => g !== 'contact-intake').map((group) => [page, group, (ACCESS_POLICY[PAGE_POLICY[page]].groups as readonly string[]).includes(group)] as const));

test.each(cases)('page %s by %s: allowed %s', async (page, group, allowed) => {
  const agent = await signedIn(someoneIn(group)!.id);
  // The inbox, or the page saying it is not theirs: either carries the sign-out form and its token.
  const token = tokenOn((await agent.get('/')).text);
  const [method, path] = page.split(' ') as [string, string];
  const url = path.replace(':key', 'no-such-task');
  const res = method === 'GET' ? await agent.get(url) : await agent.post(url).type('form').send({ _csrf: token });
  if (allowed) {
    expect(res.status).not.toBe(403);
    expect(res.status).toBeLessThan(500);
  } else {
    expect(res.status).toBe(403);
    expect(res.text).toContain('You cannot see this page');
  }
});
