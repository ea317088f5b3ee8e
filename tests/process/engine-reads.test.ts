// What operations staff and practitioners read of the engine through the service's API, with no copy between: a case's
// timeline in plain words, a waiting timer among the deadlines, an incident from a failing worker and its retry, the
// 2-hour standard, and a plain 503 when the engine cannot be reached.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { z } from 'zod';
import { createApp } from '../../src/api/app';
import { createEngineClient } from '../../src/engine/operaton';
import { defineWorker, startWorkers } from '../../src/engine/worker';
import { createReadModel } from '../../src/store/read-model';
import { aContact } from '../support/contacts';
import { as, eventually, startHarness, type Harness, type Person } from '../support/harness';
import { addDuration } from '../../src/domain/london-calendar';
import { onAWorkingDay } from '../../src/domain/working-days';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

interface Entry { at: string; event: string; step: string; type: string; text: string }
interface Deadline { kind: string; key: string; processInstanceKey: string | null; step: string; dueAt: string; breached: boolean }
interface Incident { key: string; processInstanceKey: string; process: string; step: string; errorType: string; errorMessage: string; state: string; createdAt: string; resolvedAt: string | null }

/** GET through the service's API as the person; anything but 200 fails with what the service answered. */
async function read(url: string, person: Person, query: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await request(h.app).get(url).query(query).set(await as(person));
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

async function timeline(id: string, person: Person = 'practitioner'): Promise<Entry[]> {
  return (await read(`/api/cases/${id}/timeline`, person)).timeline as Entry[];
}

async function deadlines(within: string): Promise<Deadline[]> {
  return (await read('/api/operations/deadlines', 'manager', { within })).deadlines as Deadline[];
}

async function incidents(state?: 'open' | 'resolved'): Promise<Incident[]> {
  return (await read('/api/operations/incidents', 'manager', state ? { state } : {})).incidents as Incident[];
}

interface StandardRow { channel: string; contacts: number; answered: number; withinStandard: number; answeredLate: number; open: number }
async function phoneStandard(): Promise<StandardRow> {
  const body = await read('/api/operations/response-standard', 'manager', { over: 'P1D' });
  return (body.byChannel as StandardRow[]).find((r) => r.channel === 'phone') ?? { channel: 'phone', contacts: 0, answered: 0, withinStandard: 0, answeredLate: 0, open: 0 };
}

test('when a contact reaches its follow-up timer, then its timeline says each step and which way each decision went, and the timer shows among the deadlines with its due date', async () => {
  const standardBefore = await phoneStandard();
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201);
  const { id, processInstanceKey } = res.body as { id: string; processInstanceKey: string };
  await h.triage(id, 'information-and-advice');
  const due = await h.timerDue(processInstanceKey, 'FollowUpDue');

  const entries = await timeline(id);
  const texts = entries.map((e) => e.text);
  // Acknowledging, telling the person the outcome and alerting a worker run beside the main path: follow the main path.
  const besideTheMainPath = new Set([
    'Decide whether to acknowledge: done', 'Acknowledge the contact?: No', 'No acknowledgement needed',
    'Outcome delivered?: No: tell them', 'Tell the person the outcome: to do', 'Allocated worker to alert?: No', 'No worker to alert',
  ]);
  expect(texts.filter((t) => !besideTheMainPath.has(t))).toEqual([
    'Receiving a contact began', 'Contact received', 'Record the contact: done',
    'Screen the contact: done', 'Safeguarding at once?: Otherwise', 'Named worker or team asked for?: No',
    'Triage the contact: to do', 'Triage the contact: done by ada.advisor', 'Action clear and authorised?: Yes',
    'Safeguarding concern?: No', 'Consent needed first?: Consent, or another ground', 'Send the outcome to the person: done', 'Which outcome?: Information and advice',
    'Record information and advice given: done', 'Waiting: Follow-up due',
  ]);
  // Each step beside the path is told once too: a phone contact is not acknowledged; the outcome cannot go as large
  // print by itself, so an advisor is to tell her; nobody is allocated to alert.
  for (const t of besideTheMainPath) expect(texts.filter((x) => x === t)).toEqual([t]);
  // In the order it happened, and the same on a second read: the engine's history, not a copy that could be doubled.
  expect(entries.map((e) => new Date(e.at).getTime())).toEqual(entries.map((e) => new Date(e.at).getTime()).sort((a, b) => a - b));
  expect(await timeline(id, 'manager')).toEqual(entries);

  // Due 14 days (low risk) after the advice was recorded: after the triage was done, no later than the wait began.
  const at = (text: string) => new Date(entries.find((e) => e.text === text)!.at).getTime();
  const fortnightOn = (text: string) => onAWorkingDay(addDuration(new Date(at(text)), 'P14D')).getTime();
  expect(due.getTime()).toBeGreaterThanOrEqual(fortnightOn('Triage the contact: done by ada.advisor'));
  expect(due.getTime()).toBeLessThanOrEqual(fortnightOn('Waiting: Follow-up due'));

  // Operations staff see it waiting, due then, not breached; a window that ends before it leaves it out.
  const timer = { kind: 'timer', processInstanceKey, step: 'Follow-up due', dueAt: due.toISOString(), breached: false };
  // A fortnight on, or up to four days more when that lands on a weekend or bank holidays.
  const waiting = (await deadlines('P19D')).filter((d) => d.processInstanceKey === processInstanceKey && d.kind === 'timer');
  expect(waiting).toEqual([expect.objectContaining(timer)]);
  expect((await deadlines('P13D')).filter((d) => d.processInstanceKey === processInstanceKey && d.kind === 'timer')).toEqual([]);

  // Triaged at once, the contact counts as answered within the 2-hour standard (C11).
  expect(await phoneStandard()).toMatchObject({
    contacts: standardBefore.contacts + 1, answered: standardBefore.answered + 1, withinStandard: standardBefore.withinStandard + 1, answeredLate: standardBefore.answeredLate,
  });

  // When the day comes, the timer fires: the timeline says so, and it no longer waits among the deadlines (the follow-up
  // call's own timer may take its place).
  await h.moveClock(due.getTime() - (await h.deps.engineNow()).getTime() + 60_000);
  const after = await eventually(async () => {
    const found = (await timeline(id)).map((e) => e.text);
    return found.includes('Follow-up due: the time came') && found;
  }, 'the timer to fire');
  expect(after.indexOf('Follow-up due: the time came')).toBeGreaterThan(after.indexOf('Waiting: Follow-up due'));
  expect((await deadlines('P15D')).filter((d) => d.key === waiting[0]!.key)).toEqual([]);
});

test('when a worker keeps failing, then an open incident shows its step and message; when it is retried and the worker is well again, then it shows as resolved and the journey finishes', async () => {
  const file = path.join(__dirname, '..', 'fixtures', 'models', 'incident', 'incident.bpmn');
  const form = new FormData();
  form.append('deployment-name', 'test-incident');
  form.append('incident.bpmn', new Blob([fs.readFileSync(file)]), 'incident.bpmn');
  await h.engine.postForm('/deployment/create', form, z.object({ id: z.string() }).passthrough());
  let healthy = false;
  let tries = 0;
  const worker = startWorkers(h.engine, [defineWorker({
    type: 'test-flaky', input: z.object({}), output: z.object({}),
    handle: () => {
      tries += 1;
      return healthy ? Promise.resolve({}) : Promise.reject(new Error('the case system answered 502'));
    },
  })], h.log);
  try {
    const { id: processInstanceKey } = await h.engine.post('/process-definition/key/test-incident/start', {}, z.object({ id: z.string() }).passthrough());
    // The worker's five tries, 1 + 2 + 4 + 8 s apart, come before the incident: longer than the usual 15 s wait.
    const open = await eventually(async () => (await incidents('open')).find((i) => i.processInstanceKey === processInstanceKey), 'the incident', 45_000);
    expect(open).toMatchObject({
      process: 'test-incident', step: 'Call the flaky system', errorType: 'failedExternalTask', errorMessage: 'the case system answered 502', state: 'open', resolvedAt: null,
    });
    expect(tries).toBe(5);
    expect(await h.ended(processInstanceKey)).toBe(false);

    // An operator gives the task a retry (as Cockpit does); the worker, well again, completes it.
    healthy = true;
    const [task] = await h.engine.get('/external-task', z.array(z.object({ id: z.string() }).passthrough()), { query: { processInstanceId: processInstanceKey } });
    await h.engine.send('PUT', `/external-task/${task!.id}/retries`, { retries: 1 });
    const resolved = await eventually(async () => (await incidents('resolved')).find((i) => i.key === open.key), 'the incident to be resolved');
    expect(resolved).toMatchObject({ state: 'resolved', errorMessage: 'the case system answered 502', resolvedAt: expect.any(String) });
    expect((await incidents('open')).filter((i) => i.processInstanceKey === processInstanceKey)).toEqual([]);
    await eventually(() => h.ended(processInstanceKey), 'the instance to finish');
    expect(tries).toBe(6);
  } finally {
    await worker.close();
  }
});

test('when the engine cannot be reached, then the timeline and the operations views answer 503 in plain words at once', async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const dead = createEngineClient({ restUrl: `http://127.0.0.1:${port}/engine-rest`, user: h.engine.user, password: h.engine.password });
  const app = createApp({ ...h.deps, readModel: createReadModel(h.pool, dead) });
  const { id } = (await request(h.app).post('/api/contacts').set(await as('intake')).send(aContact()).expect(201)).body as { id: string };
  for (const url of [`/api/cases/${id}/timeline`, '/api/operations/incidents', '/api/operations/deadlines', '/api/operations/response-standard']) {
    const res = await request(app).get(url).set(await as('manager')).expect(503).expect('content-type', /problem\+json/);
    expect({ url, title: res.body.title }).toEqual({ url, title: 'The workflow engine is unavailable' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  }
});
