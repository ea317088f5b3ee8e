// What a test needs to drive the service against the run's real broker and database: workers, API, clock, log.
import type { Pool } from 'pg';
import request from 'supertest';
import winston from 'winston';
import Transport from 'winston-transport';
import { createWorkers } from '../../workers';
import { createApp, type AppDeps } from '../../src/api/app';
import { DEFAULT_DEV_SECRET, signDevToken, type AuthOptions } from '../../src/api/auth';
import { brokerNow } from '../../src/engine/clock';
import { checkAndDeploy, PROCESSES_DIR, readForms } from '../../src/engine/deploy';
import { listModelFiles } from '../../src/engine/model-check';
import { createUserTaskCommands } from '../../src/engine/user-tasks';
import { createReadModel } from '../../src/store/read-model';
import { createDirectory } from '../../src/store/directory';
import { createPractitionerStore } from '../../src/store/practitioners';
import { addToBrokerClock } from '../../src/engine/clock';
import { createAdvocacyEngine, createReviewEngine, createJourneyEngine, createRacEngine, createReferralEngine } from '../../src/engine/journeys';
import { createAdvocacyStore } from '../../src/store/advocacy';
import { DEFAULT_MEETING, meetingSchedule } from '../../src/domain/rac';
import { createRacStore } from '../../src/store/rac';
import { createReferralStore } from '../../src/store/referrals';
import { startWorkers } from '../../src/engine/worker';
import { createZeebe, type Zeebe } from '../../src/engine/zeebe';
import { createLogger } from '../../src/log';
import { createAccessLog } from '../../src/store/access-log';
import { createContactStore } from '../../src/store/contacts';
import { createPool } from '../../src/store/db';
import { startProjector } from '../../src/store/projector';
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
  if (!v) throw new Error(`${name} is not set: run the tests through jest, whose global set-up starts the broker`);
  return v;
}

export function testLogger(): { log: winston.Logger; memory: MemoryTransport } {
  const memory = new MemoryTransport();
  return { log: createLogger('debug', [memory]), memory };
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
 * A complete triage form. The date agreed with the person is far ahead, so the risk's limit sets the follow-up however
 * far the run's tests have moved the broker's clock; tests of the agreed date (C8) give their own.
 */
export const TRIAGE = (outcome: string, actionClear = true) => ({
  outcome, actionClear, wellbeing: 'Lonely since a fall; wants to stay at home.', prevention: 'Falls prevention class; telecare.',
  informationAndAdvice: 'Leaflet on home adaptations; Age UK number.', nextContactBy: '2099-06-01',
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
}

export interface Harness {
  deps: AppDeps;
  /** Waits until the person's inbox shows an open task of this name for the case. */
  inboxTask(person: Person, caseId: string, name: string): Promise<TaskSummary>;
  /** The advisor claims the case's triage task and completes it with this outcome. */
  triage(caseId: string, outcome: string, actionClear?: boolean, more?: Record<string, unknown>): Promise<void>;
  /** The person claims the task, waits for the claim to show, and completes it with these fields. */
  claimAndComplete(person: Person, taskKey: string, fields: object): Promise<void>;
  /** The open tasks of this name for the case that the person can see now. */
  openTasks(person: Person, caseId: string, name: string): Promise<TaskSummary[]>;
  pool: Pool;
  /** Messages go to these local servers: person messages to the Notify stand-in, practitioner e-mail to the SMTP sink. */
  messaging: Messaging;
  notify: NotifyEndpoint;
  smtp: SmtpSink;
  zeebe: Zeebe;
  contacts: ContactRepository;
  app: ReturnType<typeof createApp>;
  log: winston.Logger;
  memory: MemoryTransport;
  moveClock(ms: number): Promise<Date>;
  /** Resolves when a worker has completed the job of this type for this process instance. */
  jobCompleted(processInstanceKey: string, jobType: string): Promise<void>;
  /** Stops the harness's projector, for tests of what happens while none runs. */
  stopProjector(): Promise<void>;
  close(): Promise<void>;
}

/** Workers, API and clock against the run's broker, or another one a test started itself. */
export async function startHarness(
  broker = {
    grpcAddress: env('TEST_ZEEBE_GRPC'),
    managementAddress: env('TEST_ZEEBE_MANAGEMENT'),
    restAddress: env('TEST_ZEEBE_REST'),
    exportStreamPrefix: env('TEST_EXPORT_STREAM_PREFIX'),
  },
  // Another broker needs another database: record positions and keys start again with each broker.
  databaseUrl = env('TEST_DATABASE_URL'),
): Promise<Harness> {
  const { log, memory } = testLogger();
  const pool = createPool(databaseUrl);
  const zeebe = createZeebe({ grpcAddress: broker.grpcAddress, plaintext: true });
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
  const readModel = createReadModel(pool);
  const referrals = createReferralStore(pool);
  const rac = createRacStore(pool);
  const advocacy = createAdvocacyStore(pool);
  const workers = createWorkers({
    contacts, messages: messaging.deps, practitioners, decisions: readModel, completions: readModel, directory, frontDoor: FRONT_DOOR,
    referrals, referralEngine: createReferralEngine(zeebe), rac, meetingSchedule: meetingSchedule(DEFAULT_MEETING), advocacy, advocacyEngine: createAdvocacyEngine(zeebe), reviewEngine: createReviewEngine(zeebe),
  });
  await checkAndDeploy(zeebe, workers.map((w) => w.type));
  const running = startWorkers(zeebe, workers, log);
  const projector = await startProjector({ pool, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: broker.exportStreamPrefix, log });
  const deps: AppDeps = {
    contacts,
    accessLog: createAccessLog(pool),
    engine: createJourneyEngine(zeebe),
    readModel,
    referrals,
    referralEngine: createReferralEngine(zeebe),
    rac,
    racEngine: createRacEngine(zeebe),
    advocacy,
    advocacyEngine: createAdvocacyEngine(zeebe),
    messageDeps: messaging.deps,
    commands: createUserTaskCommands(broker.restAddress),
    forms: readForms(listModelFiles(PROCESSES_DIR)),
    directory,
    messages: messaging.store,
    practitioners,
    engineNow: () => brokerNow(broker.managementAddress),
    auth: AUTH,
    log,
  };
  const app = createApp(deps);
  let projectorStopped = false;
  const stopProjector = async () => {
    if (projectorStopped) return;
    projectorStopped = true;
    await projector.stop();
  };
  const openTasks = async (person: Person, caseId: string, name: string) => {
    const res = await request(app).get('/api/tasks').query({ caseId, state: 'created' }).set(await as(person));
    if (res.status !== 200) throw new Error(`GET /api/tasks answered ${res.status}: ${JSON.stringify(res.body)}`);
    return (res.body as { tasks: TaskSummary[] }).tasks.filter((t) => t.name === name);
  };
  const inboxTask = (person: Person, caseId: string, name: string) =>
    eventually(async () => (await openTasks(person, caseId, name))[0], `"${name}" in ${person}'s inbox`);
  const claimAndComplete = async (person: Person, taskKey: string, fields: object) => {
    await request(app).post(`/api/tasks/${taskKey}/assignment`).set(await as(person)).expect(204);
    await eventually(async () => (await deps.readModel.findTask(taskKey))?.assignee === PEOPLE[person].id, 'the claim to show');
    await request(app).post(`/api/tasks/${taskKey}/completion`).set(await as(person)).send(fields).expect(204);
  };
  return {
    deps,
    stopProjector,
    openTasks,
    inboxTask,
    claimAndComplete,
    triage: async (caseId, outcome, actionClear = true, more = {}) => {
      const task = await inboxTask('advisor', caseId, 'Triage the contact');
      await claimAndComplete('advisor', task.key, { ...TRIAGE(outcome, actionClear), ...more });
    },
    pool,
    messaging,
    notify,
    smtp,
    zeebe,
    contacts,
    app,
    log,
    memory,
    moveClock: (ms) => addToBrokerClock(broker.managementAddress, ms),
    jobCompleted: async (processInstanceKey, jobType) => {
      await eventually(
        () => Promise.resolve(memory.entries.some((e) => e.message === 'job completed' && e.processInstanceKey === processInstanceKey && e.jobType === jobType)),
        `${jobType} to complete in instance ${processInstanceKey}`,
      );
    },
    close: async () => {
      await stopProjector();
      await running.close();
      await zeebe.close();
      messaging.close();
      await smtp.close();
      await notify.close();
      await pool.end();
    },
  };
}
