// Benchmark: the staff app's inbox page with BENCH_TASKS (5,000) open tasks in the signed-in advisor's group. The
// tasks are started on a one-task model of the benchmark's own (a triage's name, candidate group, priority and due time,
// a case id as business key), so the figure is the page's: the engine's task query and count, the rows, the template.
// An advisor signs in through the development sign-in, then BENCH_REQUESTS (200) requests of each view are timed one
// after another, as one person clicking: the plain inbox, "not claimed yet", and the last page. Prints p50/p95/p99 in
// milliseconds (time to the whole page on the loopback interface). Run with `npm run bench:inbox`.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { z } from 'zod';
import { toTypedVariables } from '../src/engine/operaton';
import { inParallel, quantile, runBench, stackMemory, until, withStack } from './stack';

const TASKS = Number(process.env.BENCH_TASKS ?? 5_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = 20;
const PAGE_SIZE = 50;

// One user task, as the triage is offered: to contact advisors, with the priority and due time it is started with.
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="BenchInbox" targetNamespace="http://bench">
  <bpmn:process id="bench-inbox" name="Benchmark inbox" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="ToTask" sourceRef="Start" targetRef="Triage" />
    <bpmn:userTask id="Triage" name="Triage the contact" camunda:candidateGroups="contact-advisors" camunda:priority="\${priority}" camunda:dueDate="\${due}" />
    <bpmn:sequenceFlow id="ToEnd" sourceRef="Triage" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

const count = z.object({ count: z.number() });

/** Signs in as the advisor through the development sign-in, as a browser does: the form's token, then its post. */
async function signIn(siteUrl: string): Promise<string> {
  const page = await fetch(`${siteUrl}/sign-in`);
  const cookie = page.headers.get('set-cookie')?.split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('the sign-in page had no form token');
  const res = await fetch(`${siteUrl}/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, staffId: 'ada.advisor' }).toString(),
  });
  const session = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 303 || !session) throw new Error(`signing in answered ${res.status}`);
  return session;
}

async function timeView(siteUrl: string, session: string, view: string): Promise<{ p50: number; p95: number; p99: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < REQUESTS + 10; i++) {
    const t = performance.now();
    const res = await fetch(`${siteUrl}${view}`, { headers: { cookie: session } });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`GET ${view} answered ${res.status}`);
    // The first ten warm the service and the engine's caches; they are not counted.
    if (i >= 10) times.push(performance.now() - t);
    rows = (html.match(/data-task="/g) ?? []).length;
  }
  times.sort((a, b) => a - b);
  const r = (q: number) => Math.round(quantile(times, q) * 10) / 10;
  return { p50: r(0.5), p95: r(0.95), p99: r(0.99), rows };
}

async function main(): Promise<void> {
  await withStack('bench-inbox', async (stack) => {
    const { client, apiUrl } = stack;
    const form = new FormData();
    form.append('deployment-name', 'bench-inbox');
    form.append('bench-inbox.bpmn', new Blob([MODEL]), 'bench-inbox.bpmn');
    await client.postForm('/deployment/create', form, z.object({ id: z.string() }).passthrough());

    // A spread of priorities (a tenth urgent) and due times over the next two days, some already past.
    const t0 = Date.now();
    await inParallel(TASKS, CONCURRENCY, async (i) => {
      const due = new Date(Date.now() + ((i * 7919) % (48 * 60) - 4 * 60) * 60_000).toISOString();
      await client.post('/process-definition/key/bench-inbox/start', {
        businessKey: randomUUID(), variables: toTypedVariables({ priority: i % 10 === 0 ? 80 : 50, due }),
      }, z.object({ id: z.string() }).passthrough());
    });
    await until(async () => (await client.post('/task/count', { candidateGroups: ['contact-advisors'] }, count)).count >= TASKS, 'every task to be open', 120_000, 200);
    const startMs = Date.now() - t0;
    // PostgreSQL here runs with autovacuum off, so the engine's tables would keep the statistics of when they were empty
    // and its task queries would plan for that (seconds a page, measured). A council's database keeps them by autovacuum.
    const engineDb = new Pool({ connectionString: stack.engineDatabaseUrl, max: 1 });
    await engineDb.query('ANALYZE').finally(() => engineDb.end());

    const session = await signIn(apiUrl);
    const lastPage = Math.ceil(TASKS / PAGE_SIZE);
    const views = {
      inbox: await timeView(apiUrl, session, '/'),
      notClaimed: await timeView(apiUrl, session, '/?show=unassigned'),
      lastPage: await timeView(apiUrl, session, `/?show=all&page=${lastPage}`),
    };
    console.log(JSON.stringify({
      openTasks: TASKS, requestsPerView: REQUESTS, pageSize: PAGE_SIZE, tasksStartedInMs: startMs,
      inboxPageMs: views, memory: stackMemory(stack),
    }, null, 2));
  });
}

runBench(main);
