// Browser tests' set-up: Debian's Chromium driven by Playwright (no browser download), the service listening on 127.0.0.1, and axe-core at WCAG 2.2 AA.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { z } from 'zod';
import type { EngineClient } from '../../src/engine/operaton';
import { startHarness, type Harness } from './harness';

/** The Chromium to drive: CHROMIUM_PATH, or Debian's package (`apt-get install chromium`, which `.ci/run` does). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH to one`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/** The service's app listening on 127.0.0.1 on a free port, as a browser reaches it. */
export async function serve(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s)).once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

/** What a browser test file runs against: the harness (engine, workers, service), the service on 127.0.0.1, Chromium. */
export interface BrowserSuite {
  h: Harness;
  site: { url: string; close(): Promise<void> };
  browser: Browser;
}

/** Opens a browser test file's harness, site and Chromium; what was opened is closed again if a later part fails. */
export async function openBrowserSuite(): Promise<BrowserSuite> {
  const h = await startHarness();
  let site: BrowserSuite['site'] | undefined;
  try {
    site = await serve(h.app);
    return { h, site, browser: await launchChromium() };
  } catch (err) {
    await site?.close();
    await h.close();
    throw err;
  }
}

/** Closes what openBrowserSuite opened, Chromium first; parts never opened are skipped. */
export async function closeBrowserSuite(suite: Partial<BrowserSuite>): Promise<void> {
  await suite.browser?.close();
  await suite.site?.close();
  await suite.h?.close();
}

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the public sector accessibility regulations ask of staff tools. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's violations on the page as it is now, as "rule: where" lines (an empty list when there are none). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary ?? ''})`));
}

/** Fails, listing axe-core's findings, when the page as it is now breaks WCAG 2.2 AA. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** Does what loads a new page (a form sent, a link followed, a key pressed) and waits until that page has loaded. */
export async function submitting(page: Page, act: () => Promise<unknown>): Promise<void> {
  const loaded = page.waitForEvent('load');
  await act();
  await loaded;
}

/**
 * Signs in with the development sign-in as the named member of staff ("Ada Advisor"), the sign-in page checked for
 * accessibility on the way; with `startsOn`, waits for the page they start on (its heading, e.g. "Your tasks").
 */
export async function signIn(page: Page, siteUrl: string, name: string, startsOn?: string): Promise<void> {
  await page.goto(`${siteUrl}/sign-in`);
  await expectAccessible(page);
  await page.getByRole('radio', { name: new RegExp(`^${name},`) }).check();
  await submitting(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  if (startsOn) await page.getByRole('heading', { level: 1, name: startsOn }).waitFor();
}

const openTasks = z.array(z.object({ processInstanceId: z.string().nullable() }));
const historicInstance = z.array(z.object({ id: z.string(), rootProcessInstanceId: z.string().nullable().optional() }));

/**
 * Ends every journey that has a task open for this group, in the run's shared engine: the browser sees a whole inbox,
 * which must hold only what the test made. Test files run one after another, so none is waiting on these.
 */
export async function clearInbox(engine: EngineClient, group: string): Promise<void> {
  const tasks = await engine.post('/task', { candidateGroup: group, includeAssignedTasks: true }, openTasks, { query: { maxResults: 1000 } });
  const roots = new Set<string>();
  for (const id of new Set(tasks.map((t) => t.processInstanceId).filter((i): i is string => !!i))) {
    const [instance] = await engine.get('/history/process-instance', historicInstance, { query: { processInstanceId: id } });
    roots.add(instance?.rootProcessInstanceId ?? id);
  }
  for (const root of roots) {
    await engine.send('DELETE', `/process-instance/${root}`, undefined, { query: { skipCustomListeners: true, skipIoMappings: true }, consequence: 'The inbox was not cleared' });
  }
}
