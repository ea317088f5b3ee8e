// The RAC meeting in a real browser (Debian's Chromium): the chair of the panel sees the agenda in priority order with
// the suggested workers and why, allocates a referral, sees what the meeting decided, and the person's coordinator is
// on their record; a refused decision says what to correct and records nothing; a practitioner sees the agenda without
// the panel's forms. Every page visited has no accessibility failures at WCAG 2.2 AA (axe-core).
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { aContactByEmail } from '../support/contacts';
import { type BrowserSuite, closeBrowserSuite, expectAccessible, openBrowserSuite, signIn, submitting } from '../support/browser';
import { as, eventually, type Harness } from '../support/harness';
import { referrals } from '../support/referrals';

let h: Harness;
let r: ReturnType<typeof referrals>;
let site: BrowserSuite['site'];
let browser: Browser;

beforeAll(async () => {
  ({ h, site, browser } = await openBrowserSuite());
  r = referrals(h);
});
afterAll(() => closeBrowserSuite({ h, site, browser }));

/** A valid NHS number nobody is allocated to in the directory's seed, so an allocation on it can only be this test's. */
const NHS_NUMBER = '4010232188';
const reference = (id: string) => id.slice(0, 8).toUpperCase();

/** Every page a test visits is checked as it is shown. */

/** From the service navigation, as staff would. */
async function openTheAgenda(page: Page): Promise<void> {
  await submitting(page, () => page.getByRole('navigation').getByRole('link', { name: 'RAC meeting' }).click());
  await page.getByRole('heading', { level: 1, name: 'RAC meeting' }).waitFor();
}

const card = (page: Page, referralId: string) => page.locator(`[data-referral="${referralId}"]`);
const agendaOrder = (page: Page) => page.locator('[data-referral]').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).dataset.referral));

let meetingId: string;
let toAllocate: string;
let toDefer: string;

test('when the panel\'s chair opens the agenda at the meeting, then the referrals are in priority order with the suggested workers and why; they allocate one, see the decision, and the person\'s coordinator is recorded and appears on their case (A1, A2, A5, A6)', async () => {
  const person = { ...aContactByEmail().person, nhsNumber: NHS_NUMBER };
  const allocated = await r.waiting({ skillsNeeded: ['dementia'], carerShowingNeeds: true, risk: 'high', need: 'high', urgent: true }, { ...aContactByEmail(), person });
  const deferred = await r.waiting({ risk: 'low', need: 'low' });
  toAllocate = allocated.referralId;
  toDefer = deferred.referralId;
  await request(h.app).get(`/api/directory/people/${NHS_NUMBER}/allocation`).set(await as('manager')).expect(404);
  meetingId = (await r.toNextMeeting()).id;

  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Rita Chair', 'Your tasks');
  await openTheAgenda(page);
  const order = (await agendaOrder(page)).filter((id) => id === toAllocate || id === toDefer);
  expect(order).toEqual([toAllocate, toDefer]);
  const first = card(page, toAllocate);
  await expect(first.getByText('High priority', { exact: true }).isVisible()).resolves.toBe(true);
  // A5: the suggested workers and why, first the one with the skills for the person's needs.
  const suggested = first.locator('table').filter({ hasText: 'Suggested workers' });
  expect(await suggested.locator('tbody tr').first().locator('td, th').first().innerText()).toBe('Sam Okafor');
  expect(await suggested.locator('tbody tr').first().innerText()).toContain("Skills for the person's needs: dementia, carers");
  expect(await suggested.innerText()).toContain('Pat Practitioner');
  // Plain words only: no API paths, rule codes or engine terms.
  expect(await page.locator('main').innerText()).not.toMatch(/\/api\/|\b[A-Z]\d{1,2}:|\(([A-Z]\d{1,2})\)|candidate|process instance|engine/i);
  await expectAccessible(page);

  // The chair allocates to Pat, who is in, rather than the first suggestion.
  await first.getByLabel(`Allocate referral ${reference(toAllocate)} to`).selectOption('pat.practitioner');
  await submitting(page, () => first.getByRole('button', { name: /^Allocate/ }).click());
  await page.getByText(`Referral ${reference(toAllocate)}: Allocated to Pat Practitioner (Community Solutions North).`).waitFor();
  const decided = page.locator('#decided');
  expect(await decided.innerText()).toContain(reference(toAllocate));
  expect(await decided.innerText()).toContain('Rita Chair');
  expect(await card(page, toAllocate).count()).toBe(0);
  await expectAccessible(page);

  await submitting(page, () => page.getByRole('link', { name: 'What this meeting has decided' }).click());
  await page.getByRole('heading', { level: 1, name: 'What the RAC meeting decided' }).waitFor();
  const row = page.locator('tbody tr').filter({ hasText: reference(toAllocate) });
  expect(await row.innerText()).toMatch(/Allocated to Pat Practitioner \(Community Solutions North\)\s+No, the panel chose another worker\s+Rita Chair/);
  await expectAccessible(page);

  // A6: the person's record names their coordinator (the case page shows it from the same record).
  const allocation = await eventually(async () => {
    const res = await request(h.app).get(`/api/directory/people/${NHS_NUMBER}/allocation`).set(await as('manager'));
    return res.status === 200 ? res.body : undefined;
  }, 'the coordinator on the person\'s record');
  expect(allocation).toMatchObject({ allocatedWorker: 'pat.practitioner', assessmentTeam: 'community-solutions-north' });
  const contact = await eventually(async () => {
    const res = await request(h.app).get(`/api/contacts/${allocated.contactId}`).query({ purpose: 'Checking the test case' }).set(await as('practitioner')).expect(200);
    return res.body.leadPractitioner === 'Pat Practitioner' ? res.body : undefined;
  }, 'the lead practitioner on the contact');
  expect(contact.leadPractitioner).toBe('Pat Practitioner');
  await page.context().close();

  // The person's coordinator appears on their case, as a team manager opens it.
  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, site.url, 'Mary Manager', 'Your tasks');
  await manager.goto(`${site.url}/cases/${allocated.contactId}`);
  await manager.getByRole('heading', { level: 1, name: 'Why are you opening this record?' }).waitFor();
  await manager.getByRole('radio', { name: 'Another reason' }).check();
  await manager.getByLabel('If another reason, what is it?').fill('Checking who coordinates her assessment');
  await submitting(manager, () => manager.getByRole('button', { name: 'Open the record' }).click());
  await manager.locator('[data-coordinator]').waitFor();
  expect(await manager.locator('[data-coordinator]').innerText()).toMatch(/^Pat Practitioner, Social worker/);
  await expectAccessible(manager);
  await manager.context().close();
});

test('when the chair defers a referral without saying why, then the error summary and the field say what to correct and nothing is recorded; with the reason, it is deferred to the next meeting (A1)', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Rita Chair', 'Your tasks');
  await openTheAgenda(page);
  const item = card(page, toDefer);
  await item.getByText(`Defer or close referral ${reference(toDefer)} instead`).click();
  await submitting(page, () => item.getByRole('button', { name: /^Defer to the next meeting/ }).click());
  await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
  expect(await page.title()).toMatch(/^Error: RAC meeting/);
  const link = page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter why the referral is deferred' });
  expect(await link.getAttribute('href')).toBe(`#deferNote-${toDefer}`);
  expect(await card(page, toDefer).locator('.govuk-error-message').innerText()).toContain('Enter why the referral is deferred');
  await expectAccessible(page);
  expect((await h.deps.rac.decisionsOf(meetingId)).find((d) => d.referralId === toDefer)).toBeUndefined();
  expect(await r.statusOf(toDefer, 'waiting-for-allocation')).toBe(true);

  const again = card(page, toDefer);
  await again.getByLabel('Why it is deferred').fill('The GP\'s letter on her memory is due next week.');
  await submitting(page, () => again.getByRole('button', { name: /^Defer to the next meeting/ }).click());
  await page.getByText(`Referral ${reference(toDefer)}: Deferred to the next meeting.`).waitFor();
  expect(await card(page, toDefer).innerText()).toContain('Decided at this meeting: Deferred to the next meeting.');
  expect(await card(page, toDefer).getByRole('button').count()).toBe(0);
  await expectAccessible(page);
  expect((await h.deps.rac.decisionsOf(meetingId)).find((d) => d.referralId === toDefer)).toMatchObject({ decision: 'defer', decidedBy: 'rita.chair' });
  await page.context().close();
});

test('when a practitioner opens the agenda, then they see it without the panel\'s decision forms; operations staff are not offered the page (A1, G1)', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Pat Practitioner', 'Your tasks');
  await openTheAgenda(page);
  await card(page, toDefer).waitFor();
  expect(await page.locator('main form').count()).toBe(0);
  await expectAccessible(page);
  await page.context().close();

  const operations = await (await browser.newContext()).newPage();
  await operations.goto(`${site.url}/`);
  await operations.getByRole('radio', { name: /^Olu Operations,/ }).check();
  await submitting(operations, () => operations.getByRole('button', { name: 'Sign in' }).click());
  expect(await operations.getByRole('navigation').getByRole('link', { name: 'RAC meeting' }).count()).toBe(0);
  await operations.goto(`${site.url}/rac`);
  await operations.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
  await expectAccessible(operations);
  await operations.context().close();
});
