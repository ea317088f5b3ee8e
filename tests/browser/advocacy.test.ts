// The advocacy page in a real browser (Debian's Chromium): the advocacy referrals waiting for an advocate; a commissioner
// records the advocate a provider named (V3), a practitioner records a person's decline (V4); a refused form says what to
// correct and records nothing. Every page visited has no accessibility failures at WCAG 2.2 AA (axe-core).
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { aContactByEmail } from '../support/contacts';
import { type BrowserSuite, closeBrowserSuite, expectAccessible, openBrowserSuite, signIn, submitting } from '../support/browser';
import { as, eventually, type Harness } from '../support/harness';
import { referrals, THE_REST } from '../support/referrals';

let h: Harness;
let r: ReturnType<typeof referrals>;
let site: BrowserSuite['site'];
let browser: Browser;

beforeAll(async () => {
  ({ h, site, browser } = await openBrowserSuite());
  r = referrals(h);
});
afterAll(() => closeBrowserSuite({ h, site, browser }));

interface Advocacy { id: string; status: string; createdAt: string; advocateName: string | null; declinedReason: string | null }

/** Item 11 says the person would have substantial difficulty, and nobody appropriate can support them: the duty applies (V1). */
async function needsAnAdvocate(): Promise<{ contactId: string; referralId: string }> {
  const w = await r.referred(aContactByEmail());
  await r.gather(w.contactId, w.referralId, {
    items: { ...THE_REST, substantialDifficulty: { likely: true, advocateConsidered: true } }, facts: { ordinaryResidence: 'resident', appropriateOtherPerson: false },
  });
  await eventually(() => r.statusOf(w.referralId, 'waiting-for-allocation'), 'the waiting list');
  return w;
}
const advocacyFor = async (referralId: string): Promise<Advocacy> =>
  eventually(async () => (await request(h.app).get('/api/advocacy').query({ forId: referralId }).set(await as('practitioner')).expect(200)).body.advocacy[0], 'the advocacy referral');
const advocacy = async (id: string): Promise<Advocacy> => (await request(h.app).get(`/api/advocacy/${id}`).set(await as('practitioner')).expect(200)).body;
const reference = (id: string) => id.slice(0, 8).toUpperCase();

async function signInAndOpen(name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, name, 'Your tasks');
  await submitting(page, () => page.getByRole('navigation').getByRole('link', { name: 'Advocacy' }).click());
  await page.getByRole('heading', { level: 1, name: 'Waiting for an advocate' }).waitFor();
  return page;
}

const card = (page: Page, id: string) => page.locator(`[data-advocacy="${id}"]`);

let first: Advocacy;
let second: Advocacy;

test('when staff ask for the advocacy referrals without naming a referral, then they get those waiting for an advocate, the longest waiting first (V3, V4)', async () => {
  first = await advocacyFor((await needsAnAdvocate()).referralId);
  second = await advocacyFor((await needsAnAdvocate()).referralId);
  const waiting = (await request(h.app).get('/api/advocacy').set(await as('commissioner')).expect(200)).body.advocacy as Advocacy[];
  const ours = waiting.filter((a) => a.id === first.id || a.id === second.id).map((a) => a.id);
  expect(ours).toEqual([first.id, second.id]);
  expect(waiting.every((a) => a.status === 'requested' || a.status === 'no-provider')).toBe(true);
  expect([...waiting].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)).map((a) => a.id)).toEqual(waiting.map((a) => a.id));
});

test('when a commissioner records the advocate a provider named, then a form missing the name and number says what to correct and records nothing; complete, the advocate is in place and the referral leaves the list (V3)', async () => {
  const page = await signInAndOpen('Cam Commissioner');
  const item = card(page, first.id);
  expect(await item.innerText()).toContain('Local Advocacy Hub');
  expect(await item.innerText()).toContain('Their assessment');
  // Commissioners name advocates; a decline is the practitioner's to record.
  expect(await item.getByRole('button', { name: /^Record that they declined/ }).count()).toBe(0);
  expect(await page.locator('main').innerText()).not.toMatch(/\/api\/|\b[A-Z]\d{1,2}:|\(([A-Z]\d{1,2})\)|candidate|process instance|engine/i);
  await expectAccessible(page);

  await item.getByLabel('Advocate\'s phone number').fill('none');
  await submitting(page, () => item.getByRole('button', { name: /^Record the advocate/ }).click());
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  const summary = page.locator('.govuk-error-summary');
  expect(await summary.getByRole('link', { name: 'Enter the advocate\'s name' }).getAttribute('href')).toBe(`#advocate-name-${first.id}`);
  expect(await summary.getByRole('link', { name: /^Enter the advocate's phone number/ }).getAttribute('href')).toBe(`#advocate-phone-${first.id}`);
  expect(await card(page, first.id).getByLabel('Advocate\'s phone number').inputValue()).toBe('none');
  await expectAccessible(page);
  expect((await advocacy(first.id)).status).toBe('requested');

  const again = card(page, first.id);
  await again.getByLabel('Advocate\'s name').fill('Ann Advocate');
  await again.getByLabel('Advocate\'s phone number').fill('0300 123 5101');
  await submitting(page, () => again.getByRole('button', { name: /^Record the advocate/ }).click());
  await page.getByText(`Ann Advocate is recorded as the advocate for advocacy referral ${reference(first.id)}.`).waitFor();
  expect(await card(page, first.id).count()).toBe(0);
  await card(page, second.id).waitFor();
  await expectAccessible(page);
  expect(await advocacy(first.id)).toMatchObject({ status: 'advocate-named', advocateName: 'Ann Advocate' });
  await page.context().close();
});

test('when a practitioner records that the person declined advocacy, then the decline and their reason are recorded and the referral leaves the list (V4)', async () => {
  const page = await signInAndOpen('Pat Practitioner');
  const item = card(page, second.id);
  await item.getByLabel(/declined advocacy/).fill('She would rather her friend helped.');
  await submitting(page, () => item.getByRole('button', { name: /^Record that they declined/ }).click());
  await page.getByText(`The person's decline is recorded for advocacy referral ${reference(second.id)}. Advocacy stays available if they change their mind.`).waitFor();
  expect(await card(page, second.id).count()).toBe(0);
  await expectAccessible(page);
  expect(await advocacy(second.id)).toMatchObject({ status: 'declined', declinedReason: 'She would rather her friend helped.' });
  await page.context().close();
});
