// Real engine hosts started by this test (not the run's): a restart keeps a waiting timer; the REST API, the test clock
// and the web apps let in only who they should; two hosts on one database fire each timer once, serve workers from
// either, and lose no journey and send no message twice when one is killed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { z } from 'zod';
import type { Config } from '../../src/config';
import { newContactSchema } from '../../src/domain/contact';
import { receiveContact } from '../../src/domain/contacts';
import { startEngineHost, type RunningEngine } from '../../src/engine/host';
import { isolatedEngineConfig } from '../../src/engine/isolated-engine';
import { createJourneyEngine } from '../../src/engine/journeys';
import { createEngineClient, type EngineClient } from '../../src/engine/operaton';
import { createPool, dropDatabase } from '../../src/store/db';
import { createContactStore } from '../../src/store/contacts';
import { aContact, aContactByEmail } from '../support/contacts';
import { as, env, eventually, moveClocks, prepareCaseDatabase, startHarness, type Harness } from '../support/harness';
import type { RecordedNotification } from '../support/notify-endpoint';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const HOST_START = 240_000;

// ---- What this file starts, so that everything is stopped and removed however a test ends.

const hosts = new Set<RunningEngine>();
const harnesses = new Set<Harness>();
const dataDirs: string[] = [];
const engineDatabases = new Set<string>();
/** Measured as the hosts start and run; printed at the end. */
const measured: string[] = [];

// Its own case database: the run's is shared with other files' journeys.
const caseDatabaseUrl = `${env('TEST_DATABASE_URL')}_hosts`;
beforeAll(() => prepareCaseDatabase(caseDatabaseUrl));

afterAll(async () => {
  for (const h of harnesses) await h.close().catch(() => undefined);
  for (const host of hosts) await host.stop().catch(() => undefined);
  for (const url of engineDatabases) await dropDatabase(url).catch(() => undefined);
  await dropDatabase(caseDatabaseUrl).catch(() => undefined);
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  if (measured.length) console.log(`engine host measurements:\n  ${measured.join('\n  ')}`);
}, 120_000);

function newDataDir(name: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `care_front_door_${name}_`)));
  dataDirs.push(dir);
  return dir;
}

/**
 * Starts a host and says how long it took to answer. `label` names the Operaton node in the engine's job log
 * (its `hostname`), so the log says which node ran a job.
 */
async function startHost(config: Config, what: string, label?: string): Promise<RunningEngine> {
  engineDatabases.add(config.ENGINE_DATABASE_URL);
  const LABEL = 'OPERATON_BPM_GENERICPROPERTIES_PROPERTIES_HOSTNAME';
  if (label) process.env[LABEL] = label;
  let readyMs: unknown;
  try {
    const host = await startEngineHost(config, (message, meta) => {
      if (message === 'engine host ready') readyMs = meta?.readyMs;
    });
    hosts.add(host);
    measured.push(`${what}: ready in ${String(readyMs)} ms`);
    return host;
  } finally {
    delete process.env[LABEL];
  }
}

async function stopHost(host: RunningEngine, how: 'stop' | 'kill' = 'stop'): Promise<void> {
  await host[how]();
  hosts.delete(host);
}

async function harnessOn(host: RunningEngine, testClock = true): Promise<Harness> {
  const h = await startHarness({ ...host, testClock }, caseDatabaseUrl);
  harnesses.add(h);
  return h;
}

async function closeHarness(h: Harness): Promise<void> {
  harnesses.delete(h);
  await h.close();
}

/** The JVM serving from this data folder (the host runs with it as working directory), and its resident memory. */
function residentMemoryMb(dataDir: string): number {
  const pid = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).find((p) => {
    try {
      return fs.readlinkSync(`/proc/${p}/cwd`) === dataDir && fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'java';
    } catch {
      return false;
    }
  });
  if (!pid) throw new Error(`no JVM runs in ${dataDir}`);
  return Math.round(Number(execFileSync('ps', ['-o', 'rss=', '-p', pid], { encoding: 'utf8' }).trim()) / 1024);
}

/** A raw HTTP call, as a browser or a script outside the service would make it. */
async function http(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  o: { basic?: [string, string]; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.basic) headers.authorization = `Basic ${Buffer.from(o.basic.join(':')).toString('base64')}`;
  let body: string | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(o.form).toString();
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/**
 * How many times in a row the technical user, with its right password, is now refused before it is let in (0: let in
 * at once). Bounded by the engine's longest sign-in delay after failed attempts (60 s); right answers do not lengthen it.
 */
async function refusalsOfTheService(e: RunningEngine): Promise<number> {
  let refusals = 0;
  await eventually(async () => {
    const ok = (await http('GET', `${e.restUrl}/version`, { basic: [e.user, e.password] })).status === 200;
    if (!ok) refusals += 1;
    return ok;
  }, 'the technical user to be let in', 70_000);
  return refusals;
}

/** An e-mail from someone who wants answers by e-mail: acknowledged (C3), and told when the answer is late. */
const anEmail = (presentingIssue = aContact().presentingIssue) => aContact({ channel: 'email', person: aContactByEmail().person, presentingIssue });

const str = (value: string) => ({ value, type: 'String' });

async function postContact(h: Harness, contact = aContact()): Promise<{ id: string; processInstanceKey: string }> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  return res.body as { id: string; processInstanceKey: string };
}

const activityInstances = z.array(z.object({ id: z.string(), activityId: z.string(), endTime: z.string().nullable(), canceled: z.boolean().nullish() }));
const tasks = z.array(z.object({ id: z.string(), processInstanceId: z.string(), taskDefinitionKey: z.string(), assignee: z.string().nullable() }));
const jobLog = z.array(z.object({ jobId: z.string(), activityId: z.string().nullable(), hostname: z.string().nullable(), successLog: z.boolean() }));
const processInstances = z.array(z.object({ id: z.string(), businessKey: z.string().nullable() }));
const activityPath = z.array(z.object({ activityId: z.string() }));

/** How often the engine's history says this step of the instance ran, and whether every run finished. */
async function ran(engine: EngineClient, processInstanceId: string, activityId: string): Promise<{ times: number; finished: boolean }> {
  const found = await engine.get('/history/activity-instance', activityInstances, { query: { processInstanceId, activityId } });
  return { times: found.length, finished: found.every((a) => a.endTime !== null && !a.canceled) };
}

/** Open tasks of this step for these cases. */
function openTasksOf(engine: EngineClient, caseIds: string[], taskDefinitionKey: string) {
  return engine.post('/task', { processInstanceBusinessKeyIn: caseIds, taskDefinitionKey }, tasks);
}

/** Person messages per case and template over every Notify stand-in a harness had: each should be sent once. */
function sentPerCase(endpoints: RecordedNotification[][], caseIds: string[]): Map<string, number> {
  const wanted = new Set(caseIds);
  const counts = new Map<string, number>();
  for (const n of endpoints.flat()) {
    const caseId = n.reference?.split(':')[0] ?? '';
    if (!wanted.has(caseId)) continue;
    const key = `${n.reference} ${n.template_id}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

// ---- One host: a restart, and who may do what.

describe('one engine host', () => {
  let config: Config;
  let host: RunningEngine | undefined;

  /** Starts the host, or stops it and starts it again on the same database and port, with the test clock on or off. */
  async function restart(clock: boolean): Promise<RunningEngine> {
    if (host) await stopHost(host);
    const first = !config;
    config = first ? await isolatedEngineConfig(newDataDir('host'), { ENGINE_TEST_CLOCK: String(clock) }) : { ...config, ENGINE_TEST_CLOCK: clock };
    host = await startHost(config, `one host, ${first ? 'new database (schema created)' : 'restarted (schema present)'}, test clock ${clock ? 'on' : 'off'}`);
    return host;
  }

  /** The running host if its test clock is as asked, else restarted so. */
  const hostWithClock = async (clock: boolean) => (host && config.ENGINE_TEST_CLOCK === clock ? host : restart(clock));

  afterAll(async () => {
    if (host) await stopHost(host);
  }, 60_000);

  describe('security, without the test clock', () => {
    beforeAll(async () => {
      await hostWithClock(false);
    }, HOST_START);

    test('when nobody signs in, or signs in with a wrong password, then the REST API answers 401, and the wrong guesses do not lock the service out', async () => {
      const e = await hostWithClock(false);
      expect((await http('GET', `${e.restUrl}/task`)).status).toBe(401);
      expect((await http('GET', `${e.restUrl}/task`, { basic: ['nobody', e.password] })).status).toBe(401);
      // Someone guessing the service's own password.
      expect((await http('GET', `${e.restUrl}/task`, { basic: [e.user, 'not-the-password'] })).status).toBe(401);
      const message = { messageName: 'review-requested', businessKey: 'f0000000-0000-4000-8000-000000000000', all: true };
      expect((await http('POST', `${e.restUrl}/message`, { json: message })).status).toBe(401);
      expect((await http('POST', `${e.restUrl}/message`, { json: message, basic: [e.user, 'not-the-password'] })).status).toBe(401);
      // The web apps' own copy of the REST API wants a signed-in session.
      expect((await http('GET', `${e.baseUrl}/operaton/api/engine/engine/default/task`)).status).toBe(401);
      // The service itself is let in at once.
      expect(await refusalsOfTheService(e)).toBe(0);
    });

    test('when the host was started without the test clock, then the clock path does not exist', async () => {
      const e = await hostWithClock(false);
      expect((await http('GET', `${e.baseUrl}/test-support/clock`, { basic: [e.user, e.password] })).status).toBe(404);
      expect((await http('POST', `${e.baseUrl}/test-support/clock`, { basic: [e.user, e.password], json: { offsetMillis: DAY } })).status).toBe(404);
    });

    test('when a staff member, or even the web apps\' administrator, signs in to the REST API, then they can neither claim nor complete a task (403) and the task stays open', async () => {
      const e = await hostWithClock(false);
      const admin: [string, string] = [e.user, e.password];
      // An advisor the council's administrator added to the engine, in the group the triage task is offered to.
      const staff: [string, string] = ['ada.advisor', 'ada-password-1'];
      expect((await http('POST', `${e.restUrl}/group/create`, { basic: admin, json: { id: 'contact-advisors', name: 'Contact advisors', type: 'WORKFLOW' } })).status).toBe(204);
      expect((await http('POST', `${e.restUrl}/user/create`, { basic: admin, json: { profile: { id: staff[0], firstName: 'Ada', lastName: 'Advisor' }, credentials: { password: staff[1] } } })).status).toBe(204);
      expect((await http('PUT', `${e.restUrl}/group/contact-advisors/members/${staff[0]}`, { basic: admin })).status).toBe(204);

      const h = await harnessOn(e, false);
      try {
        const { id } = await postContact(h);
        const triage = await h.inboxTask('advisor', id, 'Triage the contact');
        // Signed in (not 401), but the engine's authorizations refuse: no way round the service's checks on the form.
        const claim = await http('POST', `${e.restUrl}/task/${triage.key}/claim`, { basic: staff, json: { userId: staff[0] } });
        expect({ status: claim.status, body: claim.text }).toEqual({ status: 403, body: expect.stringMatching(/AuthorizationException/) });
        const complete = await http('POST', `${e.restUrl}/task/${triage.key}/complete`, { basic: staff, json: { variables: { outcome: str('whatever-i-like') } } });
        expect({ status: complete.status, body: complete.text }).toEqual({ status: 403, body: expect.stringMatching(/AuthorizationException/) });
        // Nor can they sign in to Tasklist, the web app that completes tasks.
        expect((await webAppLogin(e, 'tasklist', staff)).status).toBe(403);
        // Not even the web apps' administrator, who may do all else: it is no member of operaton-admin, which bypasses authorizations.
        const administrator: [string, string] = [config.ENGINE_ADMIN_USER, config.ENGINE_ADMIN_PASSWORD];
        const members = await http('GET', `${e.restUrl}/user?memberOfGroup=operaton-admin`, { basic: admin });
        expect((JSON.parse(members.text) as { id: string }[]).map((u) => u.id)).toEqual([e.user]);
        expect((await http('POST', `${e.restUrl}/task/${triage.key}/claim`, { basic: administrator, json: { userId: administrator[0] } })).status).toBe(403);
        expect((await http('POST', `${e.restUrl}/task/${triage.key}/complete`, { basic: administrator, json: { variables: { outcome: str('whatever-i-like') } } })).status).toBe(403);
        expect((await http('GET', `${e.restUrl}/task/${triage.key}`, { basic: administrator })).status).toBe(200);
        // What the advisors see: the triage is still open and nobody's.
        expect(await h.openTasks('advisor', id, 'Triage the contact')).toEqual([expect.objectContaining({ key: triage.key, assignee: null })]);
      } finally {
        await closeHarness(h);
      }
    });

    test('when the administrator signs in to Cockpit, then the web app is served and the session sees the engine; a wrong password is refused, and nobody can set up a first administrator', async () => {
      const e = await hostWithClock(false);
      const cockpit = await fetch(`${e.baseUrl}/operaton/app/cockpit/`, { signal: AbortSignal.timeout(15_000) });
      expect(cockpit.status).toBe(200);
      expect(await cockpit.text()).toMatch(/<html/i);
      const login = await webAppLogin(e, 'cockpit', [config.ENGINE_ADMIN_USER, config.ENGINE_ADMIN_PASSWORD]);
      expect(login.status).toBe(200);
      expect(JSON.parse(login.text)).toMatchObject({ userId: config.ENGINE_ADMIN_USER, authorizedApps: expect.arrayContaining(['cockpit', 'tasklist', 'admin']) });
      // Signed in, Cockpit's calls are answered: the deployed journeys are there.
      const definitions = await http('GET', `${e.baseUrl}/operaton/api/engine/engine/default/process-definition/count`, { headers: { cookie: login.cookie } });
      expect(definitions.status).toBe(200);
      expect(JSON.parse(definitions.text)).toMatchObject({ count: expect.any(Number) });
      expect((await webAppLogin(e, 'cockpit', [config.ENGINE_ADMIN_USER, 'not-the-password'])).status).toBe(401);
      // Nobody can use the Admin app's first-user set-up to make themselves a member of operaton-admin.
      const first = await http('GET', `${e.baseUrl}/operaton/api/admin/auth/user/default`);
      const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const setup = await http('POST', `${e.baseUrl}/operaton/api/admin/setup/default/user/create`, {
        headers: { cookie, 'x-xsrf-token': first.headers.get('x-xsrf-token') ?? '' },
        json: { profile: { id: 'mallory', firstName: 'M', lastName: 'M' }, credentials: { password: 'Mallory-password-1' } },
      });
      expect(setup.status).toBe(403);
      // Refused as set-up, not for a missing cross-site request token.
      expect(setup.headers.get('x-xsrf-token')).not.toBe('Required');
      expect(setup.text).toMatch(/setup/i);
      expect((await http('GET', `${e.restUrl}/user?id=mallory`, { basic: [e.user, e.password] })).text).toBe('[]');
    });
  });

  test('when the host restarts while a follow-up timer waits, then the timer still fires, once, when the clock passes it', async () => {
    // Whichever way the host runs now; the clock is not needed until after the restart.
    let e = host ?? (await restart(false));
    let h = await harnessOn(e, config.ENGINE_TEST_CLOCK);
    const { id, processInstanceKey } = await postContact(h);
    await h.triage(id, 'information-and-advice');
    await h.jobCompleted(processInstanceKey, 'record-information-and-advice');
    const due = await h.timerDue(processInstanceKey, 'FollowUpDue');
    expect((await h.contacts.find(id))?.stage).toBe('information-and-advice-given');
    await closeHarness(h);

    e = await restart(true);
    h = await harnessOn(e);
    expect(await h.timerDue(processInstanceKey, 'FollowUpDue')).toEqual(due);
    // A restarted clock starts again from the real time: move it to a minute short of the follow-up, then past it.
    const now = await h.deps.engineNow();
    await h.moveClock(due.getTime() - now.getTime() - MINUTE);
    await expect(eventually(async () => (await h.contacts.find(id))?.stage === 'follow-up-due', 'a premature follow-up', 3_000)).rejects.toThrow(/Timed out/);
    await h.moveClock(2 * MINUTE);
    await eventually(async () => (await h.contacts.find(id))?.stage === 'follow-up-due', 'the follow-up after the restart', 30_000);
    await h.inboxTask('practitioner', id, 'Make the follow-up call');
    expect(await ran(h.engine, processInstanceKey, 'FollowUpDue')).toEqual({ times: 1, finished: true });
    await closeHarness(h);
    measured.push(`one host after the restart test: resident memory ${residentMemoryMb(config.DATA_DIR)} MB (heap ${config.ENGINE_HEAP})`);
  }, 2 * HOST_START);

  test('when the test clock is on, then it still refuses anyone who is not the technical user', async () => {
    const e = await hostWithClock(true);
    const clock = `${e.baseUrl}/test-support/clock`;
    expect((await http('GET', clock, { basic: [e.user, e.password] })).status).toBe(200);
    expect((await http('GET', clock)).status).toBe(401);
    expect((await http('POST', clock, { json: { offsetMillis: DAY } })).status).toBe(401);
    expect((await http('POST', clock, { json: { offsetMillis: DAY }, basic: [e.user, 'not-the-password'] })).status).toBe(401);
    // A real engine user, even the web apps' administrator, is not the technical user.
    expect((await http('POST', clock, { json: { offsetMillis: DAY }, basic: [config.ENGINE_ADMIN_USER, config.ENGINE_ADMIN_PASSWORD] })).status).toBe(401);
    expect((await http('GET', clock, { basic: [e.user, e.password] })).status).toBe(200);
    expect(await refusalsOfTheService(e)).toBe(0);
  }, HOST_START);
});

/** Signs in to a web app as Operaton's login page does: a first GET hands out the session and its CSRF token. */
async function webAppLogin(e: RunningEngine, app: string, [username, password]: [string, string]): Promise<{ status: number; text: string; cookie: string }> {
  const first = await http('GET', `${e.baseUrl}/operaton/api/admin/auth/user/default`);
  const token = first.headers.get('x-xsrf-token') ?? '';
  let cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await http('POST', `${e.baseUrl}/operaton/api/admin/auth/user/default/login/${app}`, { form: { username, password }, headers: { cookie, 'x-xsrf-token': token } });
  // A successful sign-in starts a new session.
  const renewed = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  if (renewed.length) cookie = renewed.join('; ');
  return { status: res.status, text: res.text, cookie };
}

test('when another program already listens on the engine port, then the host does not start and says which port to free', async () => {
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', () => resolve()));
  const { port } = squatter.address() as net.AddressInfo;
  try {
    const config = await isolatedEngineConfig(newDataDir('squatted'), { ENGINE_PORT: String(port) });
    await expect(startHost(config, 'a host on a taken port')).rejects.toThrow(
      `Port ${port} on 127.0.0.1 is already in use by another program, so the engine host cannot listen there: stop that program or set ENGINE_PORT to a free port`,
    );
  } finally {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  }
});

// ---- Two hosts on one database.

describe('two engine hosts on one database', () => {
  let a: RunningEngine;
  let b: RunningEngine;
  let pool: ReturnType<typeof createPool>;

  beforeAll(async () => {
    const configA = await isolatedEngineConfig(newDataDir('node_a'));
    // One after the other: the first creates the schema. B's port is chosen once A listens, so it cannot be A's.
    a = await startHost(configA, 'node A, new database (schema created)', 'node-a');
    // The same engine database, its own port and folder.
    const configB = await isolatedEngineConfig(newDataDir('node_b'), { ENGINE_DATABASE_URL: configA.ENGINE_DATABASE_URL });
    b = await startHost(configB, 'node B, same database (schema present)', 'node-b');
    pool = createPool(caseDatabaseUrl);
  }, 2 * HOST_START);

  afterAll(async () => {
    await pool?.end();
    for (const host of [a, b]) if (host && hosts.has(host)) await stopHost(host);
  }, 60_000);

  test('when twenty journeys wait on a timer and both clocks pass it, then every timer fires exactly once and each person is told of the delay once', async () => {
    // The service in front of A, and workers on both.
    const hA = await harnessOn(a);
    const hB = await harnessOn(b);
    const contacts: { id: string; processInstanceKey: string }[] = [];
    for (let i = 0; i < 20; i += 4) contacts.push(...(await Promise.all([0, 1, 2, 3].map(() => postContact(hA, anEmail())))));
    const ids = contacts.map((c) => c.id);
    // Each waits for triage with its 2-hour standard running.
    await Promise.all(contacts.map((c) => hA.timerDue(c.processInstanceKey, 'TwoHoursPassed')));

    await moveClocks([a, b], 2 * 60 * MINUTE + MINUTE);
    await eventually(async () => (await openTasksOf(hA.engine, ids, 'ChaseTheOverdueContact')).length === 20, 'twenty chases of the overdue contacts', 60_000);
    await eventually(() => Promise.resolve([...sentPerCase([hA.notify.notifications, hB.notify.notifications], ids).keys()].filter((k) => k.includes(':delayed-answer')).length === 20), 'twenty delay notices', 30_000);

    for (const c of contacts) {
      expect(await ran(hA.engine, c.processInstanceKey, 'TwoHoursPassed')).toEqual({ times: 1, finished: true });
      expect(await ran(hA.engine, c.processInstanceKey, 'RecordTheMissedStandard')).toEqual({ times: 1, finished: true });
      expect(await ran(hA.engine, c.processInstanceKey, 'TellTheSenderOfTheDelay')).toEqual({ times: 1, finished: true });
      expect((await hA.contacts.find(c.id))?.history.filter((s) => s.stage === 'response-standard-missed')).toHaveLength(1);
    }
    expect(await openTasksOf(hA.engine, ids, 'ChaseTheOverdueContact')).toHaveLength(20);
    const sent = sentPerCase([hA.notify.notifications, hB.notify.notifications], ids);
    expect([...sent.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...sent.keys()].filter((k) => k.includes(':delayed-answer'))).toHaveLength(20);

    // Which node ran each timer, as the engine's job log says.
    const runs = (await Promise.all(contacts.map((c) => hA.engine.get('/history/job-log', jobLog, { query: { processInstanceId: c.processInstanceKey, activityIdIn: 'TwoHoursPassed', successLog: true } })))).flat();
    expect(runs).toHaveLength(20);
    const byNode = new Map<string, number>();
    for (const r of runs) byNode.set(r.hostname ?? '?', (byNode.get(r.hostname ?? '?') ?? 0) + 1);
    measured.push(`two nodes: the 20 timers ran on ${[...byNode].map(([n, k]) => `${n} ×${k}`).join(', ')}`);
    await closeHarness(hA);
    await closeHarness(hB);
  }, 180_000);

  test('when only one node has workers, then journeys started through the other are served by it, either way round', async () => {
    const contacts = createContactStore(pool);
    const through = (host: RunningEngine) => createJourneyEngine(createEngineClient({ restUrl: host.restUrl, user: host.user, password: host.password }));

    // Workers only on B; journeys started through A.
    const hB = await harnessOn(b);
    const startedOnA = await Promise.all([0, 1, 2].map(() => receiveContact({ contacts, engine: through(a) }, newContactSchema.parse(anEmail()), 'web-intake')));
    await eventually(async () => (await openTasksOf(hB.engine, startedOnA.map((c) => c.id), 'TriageTheContact')).length === 3, 'triage of the journeys started through A', 30_000);
    for (const c of startedOnA) {
      for (const topic of ['record-contact', 'send-acknowledgement']) await hB.jobCompleted(c.processInstanceKey, topic);
    }
    await closeHarness(hB);

    // Workers only on A; journeys started through B.
    const hA = await harnessOn(a);
    const startedOnB = await Promise.all([0, 1, 2].map(() => receiveContact({ contacts, engine: through(b) }, newContactSchema.parse(anEmail()), 'web-intake')));
    await eventually(async () => (await openTasksOf(hA.engine, startedOnB.map((c) => c.id), 'TriageTheContact')).length === 3, 'triage of the journeys started through B', 30_000);
    for (const c of startedOnB) {
      for (const topic of ['record-contact', 'send-acknowledgement']) await hA.jobCompleted(c.processInstanceKey, topic);
    }
    await closeHarness(hA);
  }, 120_000);

  test('when a node is killed while contacts arrive, then every contact still reaches triage through the other and nobody is acknowledged twice', async () => {
    // The service in front of each node, both running workers.
    const hA = await harnessOn(a);
    const hB = await harnessOn(b);
    const accepted: { id: string; processInstanceKey: string; via: 'A' | 'B' }[] = [];
    const refusedByA: { i: number; status: number; body: unknown }[] = [];
    let killed: Promise<void> | undefined;
    let aDown = false;
    let inFlight = 0;
    let next = 0;

    // Three at a time, as a web form's traffic might come; the service in front of A fails over to B once A is gone.
    const post = async (i: number) => {
      for (const [h, via] of aDown ? [[hB, 'B'] as const] : [[hA, 'A'] as const, [hB, 'B'] as const]) {
        const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(anEmail(`Contact ${i} of 30: finding the stairs hard since a fall.`));
        if (res.status === 201) {
          accepted.push({ ...(res.body as { id: string; processInstanceKey: string }), via });
          if (accepted.length === 10 && !killed) {
            const before = accepted.map((c) => c.id);
            killed = stopHost(a, 'kill').then(async () => {
              aDown = true;
              // Journeys in flight as A died: accepted, not yet waiting at triage.
              inFlight = before.length - (await openTasksOf(hB.engine, before, 'TriageTheContact')).length;
            });
          }
          return;
        }
        refusedByA.push({ i, status: res.status, body: res.body as unknown });
      }
      throw new Error(`contact ${i} was refused by both nodes`);
    };
    const lane = async () => {
      while (next < 30) await post(next++);
    };
    await Promise.all([lane(), lane(), lane()]);
    await killed;
    expect(accepted).toHaveLength(30);
    expect(inFlight).toBeGreaterThan(0);

    // Tasks A's workers had locked stay locked until their lock (30 s) expires: move B's clock past it.
    await moveClocks([b], 35_000);
    const ids = accepted.map((c) => c.id);
    await eventually(async () => (await openTasksOf(hB.engine, ids, 'TriageTheContact')).length === 30, 'every contact at triage', 60_000);
    const acknowledged = () => new Set([...sentPerCase([hA.notify.notifications, hB.notify.notifications], ids).keys()].filter((k) => k.includes(':acknowledgement')).map((k) => k.split(':')[0]));
    await eventually(() => Promise.resolve(acknowledged().size === 30), 'every acknowledgement', 30_000);

    // No journey lost: each contact's own instance waits at triage, once. No message twice.
    const triage = await openTasksOf(hB.engine, ids, 'TriageTheContact');
    expect(new Set(triage.map((t) => t.processInstanceId))).toEqual(new Set(accepted.map((c) => c.processInstanceKey)));
    const sent = sentPerCase([hA.notify.notifications, hB.notify.notifications], ids);
    expect([...sent.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...sent.keys()].every((k) => k.includes(':acknowledgement'))).toBe(true);
    for (const c of accepted) {
      await eventually(async () => (await hB.contacts.find(c.id))?.history.filter((s) => s.stage === 'acknowledged').length === 1, 'the acknowledgement recorded once');
    }

    // A contact A refused may still have started on A just before it died, its answer lost: intake took the contact
    // back, so that journey ends at "Contact not recorded" and writes to nobody; the contact sent again through B is
    // the one that goes on.
    const started = await hB.engine.get('/history/process-instance', processInstances, { query: { processDefinitionKey: 'receiving-a-contact' } });
    const known = new Set((await pool.query<{ id: string }>('SELECT id FROM contacts')).rows.map((r) => r.id));
    const orphans = started.filter((p) => p.businessKey !== null && !known.has(p.businessKey));
    measured.push(`kill under load: ${accepted.filter((c) => c.via === 'A').length} contacts accepted through A, ${accepted.filter((c) => c.via === 'B').length} through B, ${refusedByA.length} refused by A as it died and sent again through B; ${inFlight} of the first 10 not yet at triage when A was killed; ${orphans.length} journeys started for a contact the caller was told was not recorded`);
    for (const o of orphans) {
      await eventually(() => hB.ended(o.id), 'the journey of a contact not recorded to end', 30_000);
      const path = await hB.engine.get('/history/activity-instance', activityPath, { query: { processInstanceId: o.id } });
      expect(path.map((a) => a.activityId)).toContain('ContactNotRecorded');
      expect([...hA.notify.notifications, ...hB.notify.notifications].filter((n) => n.reference?.startsWith(`${o.businessKey}:`))).toEqual([]);
    }
    // What the caller was told when A died under it: the engine is unavailable, try again (503), not a fault (500).
    expect(refusedByA.filter((r) => r.status !== 503)).toEqual([]);
    await closeHarness(hA);
    await closeHarness(hB);
  }, 240_000);
});
