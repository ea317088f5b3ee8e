/// <reference lib="dom" />
// A task's page in a real browser (Debian's Chromium): an advisor triages an e-mail contact to information and advice
// with two signposted organisations by keyboard alone, the service's refusals shown on the fields with nothing changed;
// a team manager gives a task to another advisor. Every page visited has no accessibility failures at WCAG 2.2 AA.
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { aContact, aContactByEmail } from '../support/contacts';
import { type BrowserSuite, clearInbox, closeBrowserSuite, expectAccessible, openBrowserSuite, signIn, submitting } from '../support/browser';
import { as, TRIAGE, type Harness } from '../support/harness';

let h: Harness;
let site: BrowserSuite['site'];
let browser: Browser;

beforeAll(async () => {
  ({ h, site, browser } = await openBrowserSuite());
  await clearInbox(h.engine, 'contact-advisors');
});
afterAll(() => closeBrowserSuite({ h, site, browser }));

/** Presses Tab, as a keyboard user would, until the element with this id (or, given a text, this button or link) has the focus. */
async function tabTo(page: Page, target: { id: string } | { text: string }, limit = 120): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const reached = await page.evaluate((t) => {
      const el = document.activeElement as HTMLElement | null;
      return 'id' in t ? el?.id === t.id : el?.textContent?.trim() === t.text;
    }, target);
    if (reached) return;
  }
  throw new Error(`${JSON.stringify(target)} was not reached in ${limit} presses of Tab`);
}

const plainWordsOnly = /\/api\/|\b[A-Z]\d{1,2}:|\(([A-Z]\d{1,2})\)|candidate|process instance|engine|undefined|\[object/i;

test('when an advisor triages an e-mail contact by keyboard alone, then a refused submission shows each problem on its field and changes nothing, and the completed triage records information and advice with two signposted organisations', async () => {
  const caseId = (await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact({ channel: 'email', person: aContactByEmail().person })).expect(201)).body.id as string;
  const task = await h.inboxTask('advisor', caseId, 'Triage the contact');
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Ada Advisor', 'Your tasks');

  // From the inbox to the task, and claiming it, by keyboard.
  await page.evaluate(() => document.body.focus());
  const link = page.locator(`tbody tr[data-task="${task.key}"] a[href="/tasks/${task.key}"]`);
  await link.waitFor();
  await page.evaluate((key) => { document.querySelector<HTMLElement>(`tbody tr[data-task="${key}"] a[href="/tasks/${key}"]`)!.id = 'the-task'; }, task.key);
  await tabTo(page, { id: 'the-task' });
  await submitting(page, () => page.keyboard.press('Enter'));
  await page.getByRole('heading', { level: 1, name: 'Triage the contact' }).waitFor();
  // Beside the task, the minimum about the person: their name and how they asked to be contacted, not their NHS number.
  const aside = await page.locator('.govuk-grid-column-one-third').innerText();
  expect(aside).toContain('Margaret Example');
  expect(aside).toContain('By e-mail');
  expect(aside).not.toContain('401 023 2137');
  await expectAccessible(page);
  await tabTo(page, { text: 'Claim this task' });
  await submitting(page, () => page.keyboard.press('Enter'));
  await page.getByText('You claimed “Triage the contact”.').waitFor();
  await expectAccessible(page);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/task.png`, fullPage: true });
  // The person made the contact themselves: the consent question is not asked.
  expect(await page.locator('#f-consentConfirmed').isVisible()).toBe(false);
  expect(await page.locator('main').innerText()).not.toMatch(plainWordsOnly);

  // Submitted with nothing filled in: each problem on its field, and the task still open with the advisor.
  await tabTo(page, { text: 'Complete the task' });
  await submitting(page, () => page.keyboard.press('Enter'));
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  expect(await page.title()).toMatch(/^Error: Triage the contact/);
  const problems = await summary.locator('li').allInnerTexts();
  expect(problems).toEqual(expect.arrayContaining(['Outcome of the contact is required', 'Impact on the person\'s wellbeing is required']));
  expect(await page.locator('#f-outcome-error').innerText()).toContain('Outcome of the contact is required');
  expect(await page.locator('main').innerText()).not.toMatch(plainWordsOnly);
  expect((await h.deps.readModel.findTask(task.key))?.state).toBe('created');
  expect(await h.deps.readModel.decisionsFor(caseId)).toEqual([]);
  await expectAccessible(page);

  // Every answer by keyboard: the error summary's first link, then Tab from field to field.
  await tabTo(page, { id: 'f-outcome' });
  await page.keyboard.press('Space');
  const typeInto = async (id: string, text: string) => {
    await tabTo(page, { id });
    await page.keyboard.type(text);
  };
  await typeInto('f-wellbeing', 'Lonely since a fall; wants to stay at home.');
  await typeInto('f-prevention', 'A falls prevention class.');
  await typeInto('f-informationAndAdvice', 'Home adaptations leaflet; where to find a lunch club.');
  const organisations = await page.locator('input[name="signposting"]').evaluateAll((boxes) => boxes.slice(0, 2).map((b) => ({ id: b.id, value: (b as HTMLInputElement).value })));
  for (const o of organisations) {
    await tabTo(page, { id: o.id });
    await page.keyboard.press('Space');
  }
  const [year, month, day] = TRIAGE('information-and-advice', await h.engineToday()).nextContactBy.split('-');
  await typeInto('f-nextContactBy-day', String(Number(day)));
  await typeInto('f-nextContactBy-month', String(Number(month)));
  await typeInto('f-nextContactBy-year', year!);
  await tabTo(page, { id: 'f-actionClear' });
  await page.keyboard.press('Space');
  await tabTo(page, { text: 'Complete the task' });
  await submitting(page, () => page.keyboard.press('Enter'));
  await page.getByText('You completed “Triage the contact”.').waitFor();
  await expectAccessible(page);
  expect(await page.locator(`tbody tr[data-task="${task.key}"]`).count()).toBe(0);

  const [triage] = await h.deps.readModel.decisionsFor(caseId);
  expect(triage).toMatchObject({
    formId: 'triage-contact',
    data: expect.objectContaining({ outcome: 'information-and-advice', actionClear: true, signposting: organisations.map((o) => o.value), nextContactBy: `${year}-${month}-${day}` }),
  });
  await page.context().close();
});

test('when the person did not make the contact, then choosing "not confirmed" shows the question of what can be done without consent, and a date that is not a real day is refused on its field', async () => {
  const someoneElse = aContact({ madeBy: { kind: 'someone-else', name: 'Sam Neighbour', relationship: 'Neighbour' } });
  const caseId = (await request(h.app).post('/api/contacts').set(await as('intake')).send(someoneElse).expect(201)).body.id as string;
  const task = await h.inboxTask('advisor', caseId, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Ada Advisor', 'Your tasks');
  await submitting(page, () => page.goto(`${site.url}/tasks/${task.key}`).then(() => undefined));
  expect(await page.locator('#f-consentConfirmed').isVisible()).toBe(true);
  expect(await page.locator('#f-withoutConsent').isVisible()).toBe(false);
  await page.locator('#f-consentConfirmed').selectOption('not-confirmed');
  await page.locator('#f-withoutConsent').waitFor({ state: 'visible' });
  await page.locator('#f-withoutConsent').selectOption('best-interests');
  await page.locator('#f-capacityAssessment').waitFor({ state: 'visible' });
  await expectAccessible(page);

  await page.locator('#f-bestInterestsDecidedOn-day').fill('31');
  await page.locator('#f-bestInterestsDecidedOn-month').fill('2');
  await page.locator('#f-bestInterestsDecidedOn-year').fill('2026');
  await submitting(page, () => page.getByRole('button', { name: 'Complete the task' }).click());
  expect(await page.locator('.govuk-error-summary li').allInnerTexts()).toEqual(['When the best-interests decision was made must be a real date, for example 27 3 2026']);
  // What was typed is kept, and the answers' conditions hold on the page the server sends back.
  expect(await page.locator('#f-bestInterestsDecidedOn-day').inputValue()).toBe('31');
  expect(await page.locator('#f-capacityAssessment').isVisible()).toBe(true);
  expect((await h.deps.readModel.findTask(task.key))?.state).toBe('created');
  await expectAccessible(page);
  await page.context().close();
});

test('when a team manager opens an advisor\'s claimed task, then they give it to another advisor, who then holds it', async () => {
  const caseId = (await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201)).body.id as string;
  const task = await h.inboxTask('advisor', caseId, 'Triage the contact');
  await request(h.app).post(`/api/tasks/${task.key}/assignment`).set(await as('advisor')).expect(204);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Mary Manager', 'Your tasks');
  await submitting(page, () => page.goto(`${site.url}/tasks/${task.key}`).then(() => undefined));
  await page.getByText('Claimed by Ada Advisor').waitFor();
  // A manager moves work; the form stays with the one who holds it.
  expect(await page.getByRole('button', { name: 'Complete the task' }).count()).toBe(0);
  await expectAccessible(page);
  await page.getByLabel('Colleague').selectOption('alan.advisor');
  await submitting(page, () => page.getByRole('button', { name: 'Give them the task' }).click());
  await page.getByText('“Triage the contact” is now with Alan Advisor.').waitFor();
  await page.getByText('Claimed by Alan Advisor').waitFor();
  expect((await h.deps.readModel.findTask(task.key))?.assignee).toBe('alan.advisor');
  await expectAccessible(page);
  await page.context().close();
});
