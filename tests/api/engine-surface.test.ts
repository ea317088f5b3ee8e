// G1: the engine host's own interfaces (REST API, web apps' API, management paths) take nothing from anyone who has not signed in.
import { env } from '../support/harness';

const base = () => env('TEST_ENGINE_BASE_URL');
const rest = () => env('TEST_ENGINE_REST_URL');

async function status(method: string, url: string, body?: unknown): Promise<number> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return res.status;
}

test.each([
  ['GET', '/task'],
  ['GET', '/process-instance'],
  ['GET', '/process-definition'],
  ['GET', '/user'],
  ['GET', '/variable-instance'],
  ['GET', '/history/task'],
  ['GET', '/deployment'],
  ['POST', '/message'],
  ['POST', '/process-definition/key/receiving-a-contact/start'],
  ['POST', '/external-task/fetchAndLock'],
  ['POST', '/user/create'],
])('when nobody signs in, then the engine\'s REST API refuses %s %s with 401', async (method, path) => {
  expect(await status(method, `${rest()}${path}`, method === 'POST' ? {} : undefined)).toBe(401);
});

test('when nobody signs in, then the web apps\' own API answers 401 and no management or test path is open', async () => {
  // The web apps' copy of the REST API, and their admin and cockpit plugins, want a signed-in session.
  expect(await status('GET', `${base()}/operaton/api/engine/engine/default/task`)).toBe(401);
  expect(await status('GET', `${base()}/operaton/api/engine/engine/default/process-instance`)).toBe(401);
  expect([401, 403]).toContain(await status('GET', `${base()}/operaton/api/cockpit/plugin/base/default/process-definition/statistics`));
  expect([401, 403, 404]).toContain(await status('GET', `${base()}/operaton/api/admin/auth/user/default/profile`));
  // The host carries no Spring Boot actuator, H2 console or other management endpoints.
  for (const path of ['/actuator', '/actuator/health', '/actuator/env', '/actuator/heapdump', '/actuator/shutdown', '/h2-console', '/jolokia', '/env', '/metrics']) {
    expect({ path, status: await status('GET', `${base()}${path}`) }).toEqual({ path, status: 404 });
  }
  // The test clock (on in test runs only) takes only the technical user.
  expect([401, 403]).toContain(await status('POST', `${base()}/test-support/clock`, { offsetMillis: 86_400_000 }));
});
