/// <reference lib="dom" />
// The inbox in a real browser (Debian's Chromium): an advisor signs in, sees the most urgent work first and what is
// overdue, claims by keyboard alone and gives back; a team manager gives back an advisor's task. Every page visited has
// no accessibility failures at WCAG 2.2 AA (axe-core).
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import type { NewContactInput } from '../../src/domain/contact';
import { aContact, LETTER_RECEIVED_ON } from '../support/contacts';
import { type BrowserSuite, clearInbox, closeBrowserSuite, expectAccessible, openBrowserSuite, signIn, submitting } from '../support/browser';
import { as, type Harness } from '../support/harness';

let h: Harness;
let site: BrowserSuite['site'];
let browser: Browser;

beforeAll(async () => {
  ({ h, site, browser } = await openBrowserSuite());
  // The browser sees the whole inbox: only this file's tasks may be in it.
  await clearInbox(h.engine, 'contact-advisors');
});
afterAll(() => closeBrowserSuite({ h, site, browser }));

async function newContact(contact: NewContactInput = aContact()): Promise<string> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  return (res.body as { id: string }).id;
}

/** Every page a test visits is checked as it is shown. */

const row = (page: Page, key: string) => page.locator(`tbody tr[data-task="${key}"]`);
const keysInOrder = (page: Page) => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.task));

/** Does what submits a form, and waits until the page it leads to has loaded, as a person would before reading it. */

/** Presses Tab, as a keyboard user would, until the focus is on the element; at most `limit` times. */
async function tabTo(page: Page, isTarget: () => boolean, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(isTarget)) return;
  }
  throw new Error(`the element was not reached in ${limit} presses of Tab`);
}

let ordinaryFirst: string;
let ordinarySecond: string;
let urgentLetter: string;

test('when an advisor signs in, then the urgent letter\'s triage is above the ordinary ones, the overdue one is marked, dates read the UK way, and they claim a task by keyboard alone and give it back', async () => {
  const first = await newContact();
  ordinaryFirst = (await h.inboxTask('advisor', first, 'Triage the contact')).key;
  // The first triage's 2 hours pass on the engine's clock; the others arrive after.
  await h.moveClock(2 * 60 * 60_000 + 60_000);
  ordinarySecond = (await h.inboxTask('advisor', await newContact(), 'Triage the contact')).key;
  urgentLetter = (await h.inboxTask('advisor', await newContact(aContact({ channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON, markedUrgent: true } })), 'Triage the contact')).key;

  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Ada Advisor', 'Your tasks');
  expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
  expect(await keysInOrder(page)).toEqual([urgentLetter, ordinaryFirst, ordinarySecond]);
  await expect(row(page, urgentLetter).getByText('Urgent', { exact: true }).isVisible()).resolves.toBe(true);
  await expect(row(page, ordinaryFirst).getByText('Overdue', { exact: true }).isVisible()).resolves.toBe(true);
  expect(await row(page, ordinarySecond).getByText('Overdue', { exact: true }).count()).toBe(0);
  expect(await row(page, ordinarySecond).locator('td').nth(1).innerText()).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)$/);
  // Plain words only: no API paths, rule codes or engine terms.
  expect(await page.locator('main').innerText()).not.toMatch(/\/api\/|\b[A-Z]\d{1,2}:|\(([A-Z]\d{1,2})\)|candidate|process instance|engine/i);
  await expectAccessible(page);
  // The README's picture of the inbox: SCREENSHOTS=docs/images npx jest --runInBand tests/browser/inbox.test.ts
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/inbox.png`, fullPage: true });

  // Keyboard alone: from the top of the page, Tab to the second ordinary triage's Claim button, then Enter.
  await page.evaluate((key) => { (window as unknown as { target: string }).target = key; }, ordinarySecond);
  await tabTo(page, () => {
    const focused = document.activeElement;
    return focused?.closest('tr')?.dataset.task === (window as unknown as { target: string }).target && focused.textContent?.trim().startsWith('Claim') === true;
  });
  await submitting(page, () => page.keyboard.press('Enter'));
  await page.getByText('You claimed “Triage the contact”.').waitFor();
  expect(await row(page, ordinarySecond).locator('td').nth(2).innerText()).toBe('You');
  expect((await h.deps.readModel.findTask(ordinarySecond))?.assignee).toBe('ada.advisor');
  await expectAccessible(page);

  await submitting(page, () => row(page, ordinarySecond).getByRole('button', { name: /^Give back/ }).click());
  await page.getByText('“Triage the contact” has been given back: anyone in its team can now claim it.').waitFor();
  expect(await row(page, ordinarySecond).locator('td').nth(2).innerText()).toBe('Not claimed');
  expect((await h.deps.readModel.findTask(ordinarySecond))?.assignee).toBeNull();
  await expectAccessible(page);

  await page.getByLabel('Show').selectOption('mine');
  await submitting(page, () => page.getByRole('button', { name: 'Show tasks' }).click());
  await page.getByText('There are no tasks to show.').waitFor();
  await page.context().close();
});

test('when an advisor has claimed a task, then a team manager finds it among the contact advisors\' tasks and gives it back, and signs out', async () => {
  await request(h.app).post(`/api/tasks/${ordinaryFirst}/assignment`).set(await as('otherAdvisor')).expect(204);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Mary Manager', 'Your tasks');
  expect(await keysInOrder(page)).not.toContain(ordinaryFirst);
  await page.getByLabel('Team').selectOption('contact-advisors');
  await submitting(page, () => page.getByRole('button', { name: 'Show tasks' }).click());
  await page.getByRole('heading', { level: 1, name: 'Tasks of Contact advisors' }).waitFor();
  expect(await row(page, ordinaryFirst).locator('td').nth(2).innerText()).toBe('Alan Advisor');
  // A manager moves the work; claiming it stays with the advisors.
  expect(await row(page, ordinarySecond).getByRole('button', { name: /^Claim/ }).count()).toBe(0);
  await expectAccessible(page);

  await submitting(page, () => row(page, ordinaryFirst).getByRole('button', { name: /^Give back/ }).click());
  await page.getByText('“Triage the contact” has been given back: anyone in its team can now claim it.').waitFor();
  expect(await row(page, ordinaryFirst).locator('td').nth(2).innerText()).toBe('Not claimed');
  expect((await h.deps.readModel.findTask(ordinaryFirst))?.assignee).toBeNull();
  await expectAccessible(page);

  await submitting(page, () => page.getByRole('button', { name: /^Sign out/ }).click());
  await page.getByRole('heading', { level: 1, name: 'You have signed out' }).waitFor();
  await expectAccessible(page);
  await page.goto(`${site.url}/`);
  await page.getByRole('heading', { name: 'Sign in as' }).waitFor();
  await page.context().close();
});
