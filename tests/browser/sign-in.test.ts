// Signing in to the staff app with the council's identity provider, in a real browser: the OpenID Connect
// authorization-code flow with PKCE against a real provider (oidc-provider, in its own process), signing out of both,
// and the refusals a person can act on. Every page of ours visited has no accessibility failures at WCAG 2.2 AA.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/api/app';
import { accessibilityViolations, launchChromium } from '../support/browser';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;
let browser: Browser;
let idp: ChildProcess;
let server: Server;
let site: string;

/** A port free now, for the service: the provider must know the callback's address before the service listens. */
const freePort = () => new Promise<number>((resolve, reject) => {
  const probe = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(port));
  }).once('error', reject);
});

beforeAll(async () => {
  h = await startHarness();
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  const client = { client_id: 'care-front-door-staff', client_secret: 'a-client-secret-for-tests', redirect_uris: [`${site}/sign-in/callback`], post_logout_redirect_uris: [`${site}/signed-out`] };
  idp = spawn(process.execPath, [path.join(__dirname, '..', 'support', 'identity-provider.mjs')], {
    env: {
      ...process.env,
      IDP_CLIENT: JSON.stringify(client),
      IDP_ACCOUNTS: JSON.stringify({ 'ada.advisor': { name: 'Ada Advisor', groups: ['contact-advisors', 'a-group-of-another-service'] }, 'nell.newcomer': { name: 'Nell Newcomer', groups: ['a-group-of-another-service'] } }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: idp.stdout! }).on('line', (line) => { if (line.startsWith('issuer ')) resolve(line.slice(7)); });
    idp.once('exit', (code) => reject(new Error(`the identity provider stopped (${code})`)));
  });
  const app = createApp({
    ...h.deps,
    web: {
      ...h.deps.web!,
      developmentSignIn: false,
      identityProvider: {
        issuer, clientId: client.client_id, clientSecret: client.client_secret, scope: 'openid profile', groupsClaim: 'groups',
        redirectUri: `${site}/sign-in/callback`, postSignOutUri: `${site}/signed-out`,
      },
    },
  });
  server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, '127.0.0.1', () => resolve(s)).once('error', reject);
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  idp?.kill('SIGTERM');
  await h?.close();
});

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** At the provider's own pages: its development login takes the account name and any password, then asks to share the profile. */
async function signInAtTheProvider(page: Page, account: string): Promise<void> {
  await page.goto(`${site}/`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Sign in with your council account' }).click();
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

test('when an advisor signs in with their council account, then they reach their tasks as themselves, in their groups only, and signing out ends both sessions', async () => {
  const page = await (await browser.newContext()).newPage();
  await signInAtTheProvider(page, 'ada.advisor');
  await page.getByRole('heading', { level: 1, name: 'Your tasks' }).waitFor();
  await page.getByText('Signed in as Ada Advisor').waitFor();
  expect(page.url()).toBe(`${site}/`);
  await expectAccessible(page);
  const cookie = (await page.context().cookies(site)).find((c) => c.name === 'care-front-door.session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  await page.getByRole('button', { name: /^Sign out/ }).click();
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.getByRole('heading', { level: 1, name: 'You have signed out' }).waitFor();
  expect(page.url()).toBe(`${site}/signed-out`);
  await expectAccessible(page);
  // Signed out of the provider too: signing in again asks for the account afresh.
  await page.goto(`${site}/`);
  await page.getByRole('button', { name: 'Sign in with your council account' }).click();
  await page.locator('input[name="login"]').waitFor();
  await page.context().close();
});

test('when someone in none of this service\'s groups signs in, then they are told to ask their manager, and are not signed in', async () => {
  const page = await (await browser.newContext()).newPage();
  await signInAtTheProvider(page, 'nell.newcomer');
  await page.getByText('Your account is not in any of this service\'s groups. Ask your manager to add you to the group for your role.').waitFor();
  expect(await page.title()).toMatch(/^Error: Sign in/);
  await expectAccessible(page);
  await page.goto(`${site}/`);
  await page.getByRole('button', { name: 'Sign in with your council account' }).waitFor();
  await page.context().close();
});

test('when an answer arrives at the callback that this browser did not ask for, then nobody is signed in and the person is asked to sign in again', async () => {
  const page = await (await browser.newContext()).newPage();
  const res = await page.goto(`${site}/sign-in/callback?code=forged&state=forged`);
  expect(res?.status()).toBe(400);
  await page.getByText('Your sign-in was not completed, or it was started in another window. Sign in again.').waitFor();
  await expectAccessible(page);
  await page.goto(`${site}/`);
  await page.getByRole('button', { name: 'Sign in with your council account' }).waitFor();
  await page.context().close();
});
