/// <reference lib="dom" />
// A case in a real browser (Debian's Chromium): an advisor states why they open a person's record, then sees the person,
// their coordinator, what was decided and by whom, the messages, the timeline in plain words and the journey's diagram
// with the path taken and where it waits now; the open is in the access log with its purpose. A link from a task opens
// the record without asking. Operations staff see the journeys and never the person. Every page: 0 axe violations.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { aContact } from '../support/contacts';
import { type BrowserSuite, closeBrowserSuite, expectAccessible, openBrowserSuite, signIn, submitting } from '../support/browser';
import { as, type Harness } from '../support/harness';

// Each walk drives the real engine and runs axe-core on large pages: on a loaded 2-core machine that takes a while.
jest.setTimeout(180_000);

let h: Harness;
let site: BrowserSuite['site'];
let browser: Browser;

beforeAll(async () => {
  ({ h, site, browser } = await openBrowserSuite());
});
afterAll(() => closeBrowserSuite({ h, site, browser }));

/** Does what submits a form, and waits until the page it leads to has loaded. */

async function newContact(): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201);
  return res.body as { id: string; processInstanceKey: string };
}

const PERSON = aContact().person;
let triaged: { id: string; processInstanceKey: string };

test('when an advisor has triaged a contact and opens its case, then they are asked why, and then see the person, the decision and who made it, the timeline and the diagram with the path taken; the open is logged with its purpose', async () => {
  triaged = await newContact();
  await h.triage(triaged.id, 'information-and-advice');
  // The journey now waits for the follow-up call.
  await h.timerDue(triaged.processInstanceKey, 'FollowUpDue');

  // A screenshot for the README is taken at 65% of the pixels: it stays readable and small.
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: process.env.SCREENSHOTS ? 0.65 : 1 })).newPage();
  // The viewer runs under the page's content-security policy: anything it refused would show here.
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, site.url, 'Ada Advisor');
  await page.goto(`${site.url}/cases/${triaged.id}`);
  await page.getByRole('heading', { level: 1, name: 'Why are you opening this record?' }).waitFor();
  expect(await page.locator('main').innerText()).not.toContain(PERSON.name);
  await expectAccessible(page);

  // Nothing chosen: the error summary says so and leads to the question.
  await submitting(page, () => page.getByRole('button', { name: 'Open the record' }).click());
  await page.getByRole('alert').getByText('There is a problem').waitFor();
  await page.getByRole('link', { name: 'Select why you are opening this record' }).waitFor();
  expect(await page.title()).toMatch(/^Error: /);
  await expectAccessible(page);

  errors.length = 0; // the refused form's own 400
  await page.getByRole('radio', { name: 'Another reason' }).check();
  await page.getByLabel('If another reason, what is it?').fill('Checking when the follow-up call is due');
  await submitting(page, () => page.getByRole('button', { name: 'Open the record' }).click());
  await page.getByRole('heading', { level: 1, name: PERSON.name }).waitFor();

  const main = page.locator('main');
  const text = await main.innerText();
  expect(text).toContain('0113 496 0000');
  expect(text).toContain('LS6 2AB');
  expect(text).toMatch(/Date of birth\s+17 May 1941/);
  expect(text).toMatch(/Communication needs\s+Large print/);
  expect(text).toMatch(/Contact made by\s+The person/);
  expect(await page.locator('[data-coordinator]').innerText()).toMatch(/^Pat Practitioner, Social worker/);
  const decision = page.locator('[data-decisions] tbody tr').first();
  expect(await decision.locator('td, th').allInnerTexts()).toEqual([
    'Triage', 'Information and advice', 'Ada Advisor', expect.stringMatching(/^\d{1,2} [A-Z][a-z]+ \d{4}, /),
  ]);
  // The timeline, in MOJ Frontend's component, says which way each decision went.
  const timeline = await page.locator('.moj-timeline').innerText();
  expect(timeline).toContain('Which outcome?: Information and advice');
  expect(timeline).toContain('Triage the contact: done by ada.advisor');
  expect(timeline).toContain('Waiting: Follow-up due');
  // Plain words only: no API paths, rule codes or engine terms.
  expect(text).not.toMatch(/\/api\/|\b[A-Z]\d{1,2}:|\(([A-Z]\d{1,2})\)|candidate|process instance|engine/i);

  // The diagram: drawn by bpmn-js, the path taken and the step it waits at marked on the SVG's elements.
  await page.locator('[data-diagram-url][data-drawn="true"]').waitFor();
  const journey = page.locator(`[data-journey="${triaged.processInstanceKey}"]`);
  await journey.locator('svg').first().waitFor();
  expect(await journey.locator('svg g.djs-element[data-element-id="TriageTheContact"]').getAttribute('class')).toContain('app-path-passed');
  expect(await journey.locator('svg g.djs-element[data-element-id="FollowUpDue"]').getAttribute('class')).toContain('app-path-waiting');
  expect(await journey.locator('svg g.djs-connection.app-path-passed').count()).toBeGreaterThan(3);
  expect(await page.getByText('Thick blue outline: where it waits now').isVisible()).toBe(true);
  await page.getByText('The steps of “Receiving a contact” in words').click();
  expect(await page.locator(`#steps-${triaged.processInstanceKey} li`).allInnerTexts()).toEqual(expect.arrayContaining([
    'Triage the contact: done', 'Follow-up due: waiting now',
  ]));
  await expectAccessible(page);
  expect(errors).toEqual([]);
  if (process.env.SCREENSHOTS) {
    await page.screenshot({ path: path.join(process.env.SCREENSHOTS, 'case.png'), fullPage: true });
  }

  const access = await h.deps.accessLog.list(triaged.id);
  expect(access).toEqual(expect.arrayContaining([
    expect.objectContaining({ userId: 'ada.advisor', what: 'the whole record', why: 'another reason: Checking when the follow-up call is due' }),
  ]));
  await page.context().close();
});

test('when an advisor follows a task\'s link to its case, then the record opens without asking, and the access log names the task', async () => {
  const { id } = await newContact();
  const task = await h.inboxTask('advisor', id, 'Triage the contact');
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Ada Advisor');
  await submitting(page, () => page.locator(`tbody tr[data-task="${task.key}"]`).getByRole('link', { name: /^View the case/ }).click());
  await page.getByRole('heading', { level: 1, name: PERSON.name }).waitFor();
  await expectAccessible(page);
  expect(await h.deps.accessLog.list(id)).toEqual(expect.arrayContaining([
    expect.objectContaining({ userId: 'ada.advisor', what: 'the whole record', why: 'to work on the task “Triage the contact”' }),
  ]));
  await page.context().close();
});

test('when operations staff open a case, then they follow its journeys and timeline but see none of the person\'s details, and nothing of the person is read in their name', async () => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Olu Operations');
  await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
  await page.goto(`${site.url}/cases/${triaged.id}`);
  await page.getByRole('heading', { level: 1, name: 'A case\'s journeys' }).waitFor();
  const text = await page.locator('main').innerText();
  for (const personal of [PERSON.name, PERSON.phone as string, 'LS6 2AB', 'Acacia', PERSON.dateOfBirth, '17 May 1941']) expect(text).not.toContain(personal);
  expect(text).toContain('Which outcome?: Information and advice');
  await page.locator('[data-diagram-url][data-drawn="true"]').waitFor();
  expect(await page.locator('svg g.djs-element.app-path-waiting').count()).toBeGreaterThan(0);
  await expectAccessible(page);
  // The diagram's data holds the models and step ids only.
  const diagram = await page.request.get(`${site.url}/cases/${triaged.id}/diagram`);
  expect(diagram.status()).toBe(200);
  const body = await diagram.text();
  for (const personal of [PERSON.name, 'LS6 2AB', 'Acacia']) expect(body).not.toContain(personal);
  expect((await h.deps.accessLog.list(triaged.id)).filter((a) => a.userId === 'olu.operations')).toEqual([]);
  await page.context().close();
});
