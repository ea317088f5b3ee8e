/// <reference lib="dom" />
// The operations page in a real browser (Debian's Chromium): an operations user sees an incident that really happened (a
// worker failing until its retries ran out) with its link to the engine's Cockpit, the deadlines, and the 2-hour
// standard as a chart beside its table; no one's personal details. Others see the page only when their groups may.
// Every page visited: 0 axe violations at WCAG 2.2 AA.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { z } from 'zod';
import { defineWorker, startWorkers } from '../../src/engine/worker';
import { aContact } from '../support/contacts';
import { type BrowserSuite, closeBrowserSuite, expectAccessible, openBrowserSuite, signIn, submitting } from '../support/browser';
import { as, eventually, runEngine, type Harness } from '../support/harness';

// Each walk drives the real engine and runs axe-core on large pages: on a loaded 2-core machine that takes a while.
jest.setTimeout(180_000);

let h: Harness;
let site: BrowserSuite['site'];
let browser: Browser;

beforeAll(async () => {
  ({ h, site, browser } = await openBrowserSuite());
});
afterAll(() => closeBrowserSuite({ h, site, browser }));

const started = z.object({ id: z.string() }).passthrough();

test('when a worker keeps failing until its retries run out, then an operations user sees the incident in plain words with its Cockpit link, the deadlines and the 2-hour standard as a chart, and nobody\'s personal details', async () => {
  // A contact waiting for triage: its 2-hour deadline is due, and its channel is in the standard.
  const { id } = (await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201)).body as { id: string };
  await h.inboxTask('advisor', id, 'Triage the contact');

  // A real incident: a journey whose worker fails every try (tests/process/engine-reads.test.ts does the same).
  const form = new FormData();
  form.append('deployment-name', 'test-incident');
  form.append('incident.bpmn', new Blob([fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'models', 'incident', 'incident.bpmn'))]), 'incident.bpmn');
  await h.engine.postForm('/deployment/create', form, started);
  const worker = startWorkers(h.engine, [defineWorker({
    type: 'test-flaky', input: z.object({}), output: z.object({}), handle: () => Promise.reject(new Error('the case system answered 502')),
  })], h.log);
  let processInstanceId = '';
  try {
    ({ id: processInstanceId } = await h.engine.post('/process-definition/key/test-incident/start', {}, started));
    // The worker's five tries, 1 + 2 + 4 + 8 s apart, come before the incident.
    await eventually(async () => (await h.deps.readModel.incidents('open')).find((i) => i.processInstanceKey === processInstanceId), 'the incident', 45_000);
  } finally {
    await worker.close();
  }

  const page = await (await browser.newContext()).newPage();
  await signIn(page, site.url, 'Olu Operations');
  // Operations staff have no inbox: they start on this page.
  await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/operations');

  const cockpit = `${runEngine().baseUrl}/operaton/app/cockpit/`;
  // Chromium puts a space before the visually hidden part of the link's name.
  const link = page.getByRole('link', { name: /^Open in Cockpit\s*: Test incident, Call the flaky system/ });
  const incident = page.locator('[data-incidents] tbody tr').filter({ has: link });
  expect(await incident.count()).toBe(1);
  const cells = await incident.locator('td, th').allInnerTexts();
  expect(cells.slice(0, 4)).toEqual([
    'Automatic work kept failing and has stopped until someone retries it: “the case system answered 502”',
    expect.stringMatching(/^\d{1,2} [A-Z][a-z]+ \d{4}, /), 'Test incident', 'Call the flaky system',
  ]);
  expect(await link.getAttribute('href')).toBe(`${cockpit}default/#/process-instance/${processInstanceId}/runtime?tab=incidents-tab`);
  // The link leads to the engine's Cockpit itself.
  expect((await fetch(cockpit)).status).toBe(200);

  // Deadlines: the triage waiting is due within the day, among those still due (breaches from other journeys apart).
  expect(await page.locator('[data-deadlines="due"]').innerText()).toContain('Triage the contact');
  expect(await page.locator('[data-deadline-summary]').innerText()).toMatch(/^\d+ deadlines?, \d+ already breached\./);

  // The 2-hour standard: a bar for the phone contact, and the same numbers in the table beside it.
  const phoneBars = page.locator('svg[data-chart] g[data-channel="Phone"] rect');
  expect(await phoneBars.count()).toBeGreaterThan(0);
  expect(Number(await page.locator('svg[data-chart] g[data-channel="Phone"] rect[data-part="openWithin"]').getAttribute('data-count'))).toBeGreaterThan(0);
  const phoneRow = page.getByRole('table', { name: 'Contacts by channel' }).getByRole('row').filter({ hasText: 'Phone' });
  expect(await phoneRow.count()).toBe(1);

  const text = await page.locator('main').innerText();
  for (const personal of [aContact().person.name, 'LS6 2AB', 'Acacia', '0113 496 0000']) expect(text).not.toContain(personal);
  expect(text).not.toMatch(/\/api\/|\b[A-Z]\d{1,2}:|\(([A-Z]\d{1,2})\)|candidate|process instance|failedExternalTask/i);
  await expectAccessible(page);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: path.join(process.env.SCREENSHOTS, 'operations.png'), fullPage: true });

  // Another window: the deadlines within 4 hours.
  await page.getByLabel('Show deadlines').selectOption('PT4H');
  await submitting(page, () => page.getByRole('button', { name: 'Show deadlines' }).click());
  expect(new URL(page.url()).searchParams.get('within')).toBe('PT4H');
  await expectAccessible(page);
  await page.context().close();

  await h.engine.send('DELETE', `/process-instance/${processInstanceId}`, undefined, { query: { skipCustomListeners: true }, consequence: 'The test journey was not removed' });
});

test('when a team manager signs in, then Operations is in their navigation; a contact advisor has no such entry and is refused the page', async () => {
  const manager = await (await browser.newContext()).newPage();
  await signIn(manager, site.url, 'Mary Manager');
  const nav = manager.getByRole('navigation', { name: 'Menu' });
  await nav.getByRole('link', { name: 'Operations' }).waitFor();
  await submitting(manager, () => nav.getByRole('link', { name: 'Operations' }).click());
  await manager.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
  await expectAccessible(manager);
  await manager.context().close();

  const advisor = await (await browser.newContext()).newPage();
  await signIn(advisor, site.url, 'Ada Advisor');
  await advisor.getByRole('heading', { level: 1, name: 'Your tasks' }).waitFor();
  expect(await advisor.getByRole('link', { name: 'Operations' }).count()).toBe(0);
  const refused = await advisor.goto(`${site.url}/operations`);
  expect(refused?.status()).toBe(403);
  await advisor.getByRole('heading', { level: 1, name: 'You cannot see this page' }).waitFor();
  await expectAccessible(advisor);
  await advisor.context().close();
});
