// What a test needs to drive the service against the run's real engine host and database: workers, API, clock, log.
import type { Pool } from 'pg';
import request from 'supertest';
import { z } from 'zod';
import winston from 'winston';
import Transport from 'winston-transport';
import { createWorkers } from '../../workers';
import { createApp, type AppDeps } from '../../src/api/app';
import { DEFAULT_RATE_LIMITS } from '../../src/api/middleware/rate-limits';
import { DEFAULT_SESSION_SECRET } from '../../src/web/app';
import { createSessionStore } from '../../src/web/middleware/session';
import { DEFAULT_DEV_SECRET, signDevToken, type AuthOptions } from '../../src/api/auth';
import { addDays, londonDay } from '../../src/domain/london-calendar';
import { notAWorkingDay } from '../../src/domain/working-days';
import { addToEngineClock, engineNow } from '../../src/engine/clock';
import { checkAndDeploy, DEFAULT_DEPLOY_SETTINGS, PROCESSES_DIR, readForms } from '../../src/engine/deploy';
import { DEFAULT_RETENTION, engineHistoryDays, type RetentionPolicy } from '../../src/domain/retention';
import { createRetentionStore } from '../../src/store/retention';
import { listModelFiles } from '../../src/engine/model-check';
import { createOpenTaskTimes, createUserTaskCommands } from '../../src/engine/user-tasks';
import { createReadModel } from '../../src/store/read-model';
import { createDirectory, seedDirectory } from '../../src/store/directory';
import { createPractitionerStore, seedPractitionerDirectory } from '../../src/store/practitioners';
import { createAdvocacyEngine, createReviewEngine, createJourneyEngine, createRacEngine, createReferralEngine, createRetentionEngine } from '../../src/engine/journeys';
import { createAdvocacyStore } from '../../src/store/advocacy';
import { createRacStore } from '../../src/store/rac';
import { DEFAULT_MEETING, meetingSchedule } from '../../src/domain/rac';
import { createReferralStore } from '../../src/store/referrals';
import { startWorkers } from '../../src/engine/worker';
import { createEngineClient, type EngineClient } from '../../src/engine/operaton';
import { createLogger } from '../../src/log';
import { createAccessLog } from '../../src/store/access-log';
import { createSubjectAccessStore } from '../../src/store/subject-access';
import { createContactStore } from '../../src/store/contacts';
import { createPool, ensureDatabase, migrate } from '../../src/store/db';
import type { ContactRepository } from '../../src/domain/contacts';
import { createMessaging, type Messaging } from '../../src/messaging';
import { startNotifyEndpoint, TEST_NOTIFY_TEMPLATES, type NotifyEndpoint } from './notify-endpoint';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

/** Keeps every log entry, as written after redaction, so a test can read what the service logged. */
export class MemoryTransport extends Transport {
  readonly entries: Record<string, unknown>[] = [];
  override log(info: Record<string, unknown>, next: () => void): void {
    this.entries.push(info);
    next();
  }
}

export function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through jest, whose global set-up starts the engine host`);
  return v;
}

export function testLogger(): { log: winston.Logger; memory: MemoryTransport } {
  const memory = new MemoryTransport();
  return { log: createLogger('debug', [memory]), memory };
}

/** A case database as the service makes it on start: created if missing, migrated, its directories seeded. */
export async function prepareCaseDatabase(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  const pool = createPool(databaseUrl);
  try {
    await migrate(pool);
    await seedDirectory(pool);
    await seedPractitionerDirectory(pool);
  } finally {
    await pool.end();
  }
}

/** Polls until the check passes: for results that arrive asynchronously. Bounded; never a stand-in for a deadline. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The day a triage promises by default: the first Wednesday 300 days or more after `today`, the engine's London day, so
 * the risk's limit sets the follow-up. It is a day the form takes (today or later, within a year), and a working day.
 */
function agreedDay(today: string): string {
  let day = addDays(today, 300);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 3 || notAWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** A day as the person is told it: "Wednesday, 29 September 2027". */
export const inWords = (day: string): string => new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'Europe/London' }).format(new Date(`${day}T12:00:00Z`));

/**
 * A complete triage form. `today` is the engine's London day (`Harness.engineToday`): tests move the engine's clock, and
 * the promised day is judged on it. Tests of the agreed date (C8) give their own.
 */
export const TRIAGE = (outcome: string, today: string, actionClear = true) => ({
  outcome, actionClear, wellbeing: 'Lonely since a fall; wants to stay at home.', prevention: 'Falls prevention class; telecare.',
  informationAndAdvice: 'Leaflet on home adaptations; Age UK number.', nextContactBy: agreedDay(today),
});

/** People the tests act as, one per candidate group. */
export const PEOPLE = {
  advisor: { id: 'ada.advisor', groups: ['contact-advisors'] },
  otherAdvisor: { id: 'alan.advisor', groups: ['contact-advisors'] },
  manager: { id: 'mary.manager', groups: ['team-managers'] },
  practitioner: { id: 'pat.practitioner', groups: ['practitioners'] },
  panel: { id: 'rita.chair', groups: ['rac-panel'] },
  commissioner: { id: 'cam.commissioner', groups: ['commissioners'] },
  intake: { id: 'web-intake', groups: ['contact-intake'] },
  operations: { id: 'olu.operations', groups: ['operations'] },
  governance: { id: 'ivy.governance', groups: ['information-governance'] },
} as const;
export type Person = keyof typeof PEOPLE;

/** How the front door signs what no practitioner sends (C5). */
export const FRONT_DOOR = { name: 'Adult Social Care Front Door', role: 'Contact team', phone: '0300 123 5010' };

export const AUTH: AuthOptions = { devSecret: DEFAULT_DEV_SECRET, groupsClaim: 'groups' };

/** The Authorization header of a signed-in person. */
export async function as(person: Person): Promise<Record<string, string>> {
  const p = PEOPLE[person];
  return { authorization: `Bearer ${await signDevToken(DEFAULT_DEV_SECRET, { id: p.id, groups: [...p.groups] })}` };
}

export interface TaskSummary {
  key: string;
  name: string;
  state: string;
  assignee: string | null;
  candidateUsers: string[];
  dueDate: string | null;
  priority: number;
}

export interface Harness {
  deps: AppDeps;
  /** Waits until the person's inbox shows an open task of this name for the case. */
  inboxTask(person: Person, caseId: string, name: string): Promise<TaskSummary>;
  /** The advisor claims the case's triage task and completes it with this outcome. */
  triage(caseId: string, outcome: string, actionClear?: boolean, more?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The engine's London day now (YYYY-MM-DD): what a form's dates are judged on. */
  engineToday(): Promise<string>;
  /** The person claims the task and at once completes it with these fields. */
  claimAndComplete(person: Person, taskKey: string, fields: object): Promise<void>;
  /** The open tasks of this name for the case that the person can see now. */
  openTasks(person: Person, caseId: string, name: string): Promise<TaskSummary[]>;
  pool: Pool;
  /** Messages go to these local servers: person messages to the Notify stand-in, practitioner e-mail to the SMTP sink. */
  messaging: Messaging;
  notify: NotifyEndpoint;
  smtp: SmtpSink;
  /** The engine's REST API as the technical user, for what a test reads or does beside the service. */
  engine: EngineClient;
  contacts: ContactRepository;
  app: ReturnType<typeof createApp>;
  log: winston.Logger;
  memory: MemoryTransport;
  moveClock(ms: number): Promise<Date>;
  /** Resolves when a worker has completed the external task of this topic for this process instance. */
  jobCompleted(processInstanceId: string, topic: string): Promise<void>;
  /** When the timer on this step of the instance is due, once the engine has set it. */
  timerDue(processInstanceId: string, activityId: string): Promise<Date>;
  /** Whether the process instance has ended. */
  ended(processInstanceId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The run's engine host (tests/support/global-setup.ts), or another one a test started itself. */
export interface TestEngine {
  baseUrl: string;
  restUrl: string;
  user: string;
  password: string;
  /** False for a host started without its test clock: the service then reads the machine's clock, as `src/service.ts` does. */
  testClock?: boolean;
}

export const runEngine = (): TestEngine => ({
  baseUrl: env('TEST_ENGINE_BASE_URL'), restUrl: env('TEST_ENGINE_REST_URL'), user: env('TEST_ENGINE_USER'), password: env('TEST_ENGINE_PASSWORD'),
});

/**
 * Moves the clock of every engine node `ms` forward, together: each node's JVM keeps its own clock, so a cluster's
 * timers fall due on all of them only when all are moved. Answers each node's time after the move.
 */
export function moveClocks(hosts: TestEngine[], ms: number): Promise<Date[]> {
  return Promise.all(hosts.map((host) => addToEngineClock(host.baseUrl, host, ms)));
}

const timerJobs = z.array(z.object({ dueDate: z.string().nullable() }));
const instances = z.array(z.object({ id: z.string(), state: z.string() }));

/** Workers, API and clock against the run's engine host, or another one a test started itself. */
export async function startHarness(
  host: TestEngine = runEngine(), databaseUrl = env('TEST_DATABASE_URL'), options: { retention?: RetentionPolicy } = {},
): Promise<Harness> {
  const { log, memory } = testLogger();
  const pool = createPool(databaseUrl);
  const engine = createEngineClient({ restUrl: host.restUrl, user: host.user, password: host.password });
  const contacts = createContactStore(pool);
  const notify = await startNotifyEndpoint();
  const smtp = await startSmtpSink();
  const messaging = createMessaging(
    {
      NOTIFY_API_KEY: notify.apiKey, NOTIFY_BASE_URL: notify.baseUrl, NOTIFY_TEMPLATES: TEST_NOTIFY_TEMPLATES, NOTIFY_TIMEOUT_MS: 5_000,
      SMTP_URL: smtp.url, SMTP_FROM: 'Care front door <care-front-door@council.test>', SMTP_TIMEOUT_MS: 5_000,
    },
    pool,
  );
  const practitioners = createPractitionerStore(pool);
  const directory = createDirectory(pool);
  const readModel = createReadModel(pool, engine);
  const referrals = createReferralStore(pool);
  const rac = createRacStore(pool);
  const advocacy = createAdvocacyStore(pool);
  const workers = createWorkers({
    contacts, messages: messaging.deps, practitioners, decisions: readModel, completions: readModel, directory, frontDoor: FRONT_DOOR,
    referrals, referralEngine: createReferralEngine(engine), rac, meetingCycle: meetingSchedule(DEFAULT_MEETING).cycle, advocacy, advocacyEngine: createAdvocacyEngine(engine), reviewEngine: createReviewEngine(engine),
    openTasks: createOpenTaskTimes(engine),
    retention: { store: createRetentionStore(pool), engine: createRetentionEngine(engine), policy: options.retention ?? DEFAULT_RETENTION, batchSize: 100 },
  });
  await checkAndDeploy(engine, workers.map((w) => w.type), undefined, {
    ...DEFAULT_DEPLOY_SETTINGS, ...(options.retention ? { historyTimeToLive: `P${engineHistoryDays(options.retention)}D` } : {}),
  });
  const running = startWorkers(engine, workers, log);
  const sessionStore = createSessionStore(pool);
  const deps: AppDeps = {
    contacts,
    accessLog: createAccessLog(pool),
    subjectAccess: createSubjectAccessStore(pool),
    engine: createJourneyEngine(engine),
    readModel,
    referrals,
    referralEngine: createReferralEngine(engine),
    rac,
    racEngine: createRacEngine(engine),
    advocacy,
    advocacyEngine: createAdvocacyEngine(engine),
    messageDeps: messaging.deps,
    commands: createUserTaskCommands(engine),
    forms: readForms(listModelFiles(PROCESSES_DIR)),
    directory,
    messages: messaging.store,
    practitioners,
    engineNow: host.testClock === false ? () => Promise.resolve(new Date()) : () => engineNow(host.baseUrl, host),
    auth: AUTH,
    web: { sessionStore, sessionSecret: DEFAULT_SESSION_SECRET, secureCookies: false, developmentSignIn: true, cockpitUrl: `${host.baseUrl}/operaton/app/cockpit/` },
    // Tests sign in far more often than a person does; the limits themselves are tested in tests/unit/rate-limits.test.ts.
    rateLimits: { ...DEFAULT_RATE_LIMITS, signIn: { limit: 100_000, windowSeconds: 60 } },
    log,
  };
  const app = createApp(deps);
  const openTasks = async (person: Person, caseId: string, name: string) => {
    const res = await request(app).get('/api/tasks').query({ caseId, state: 'created' }).set(await as(person));
    if (res.status !== 200) throw new Error(`GET /api/tasks answered ${res.status}: ${JSON.stringify(res.body)}`);
    return (res.body as { tasks: TaskSummary[] }).tasks.filter((t) => t.name === name);
  };
  const inboxTask = (person: Person, caseId: string, name: string) =>
    eventually(async () => (await openTasks(person, caseId, name))[0], `"${name}" in ${person}'s inbox`);
  const claimAndComplete = async (person: Person, taskKey: string, fields: object) => {
    // A user's own claim is visible to their next request: completing at once is not refused.
    await request(app).post(`/api/tasks/${taskKey}/assignment`).set(await as(person)).expect(204);
    await request(app).post(`/api/tasks/${taskKey}/completion`).set(await as(person)).send(fields).expect(204);
  };
  return {
    deps,
    openTasks,
    inboxTask,
    claimAndComplete,
    triage: async (caseId, outcome, actionClear = true, more = {}) => {
      const task = await inboxTask('advisor', caseId, 'Triage the contact');
      const fields = { ...TRIAGE(outcome, londonDay(await deps.engineNow()), actionClear), ...more };
      await claimAndComplete('advisor', task.key, fields);
      return fields;
    },
    engineToday: async () => londonDay(await deps.engineNow()),
    pool,
    messaging,
    notify,
    smtp,
    engine,
    contacts,
    app,
    log,
    memory,
    moveClock: (ms) => addToEngineClock(host.baseUrl, host, ms),
    jobCompleted: async (processInstanceId, topic) => {
      await eventually(
        () => Promise.resolve(memory.entries.some((e) => e.message === 'job completed' && e.processInstanceId === processInstanceId && e.topic === topic)),
        `${topic} to complete in instance ${processInstanceId}`,
      );
    },
    timerDue: async (processInstanceId, activityId) => {
      const due = await eventually(async () => {
        const jobs = await engine.get('/job', timerJobs, { query: { timers: true, processInstanceId, activityId } });
        return jobs[0]?.dueDate ?? undefined;
      }, `the timer on ${activityId} to be set`);
      return new Date(due);
    },
    ended: async (processInstanceId) => {
      const found = await engine.get('/history/process-instance', instances, { query: { processInstanceId } });
      return found[0]?.state === 'COMPLETED';
    },
    close: async () => {
      sessionStore.close();
      await running.close();
      messaging.close();
      await smtp.close();
      await notify.close();
      await pool.end();
    },
  };
}
