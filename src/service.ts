// Wires the whole service: store, engine (local or external), checked and deployed models, workers, HTTP API and staff app.
import type { Server } from 'node:http';
import type { Logger } from 'winston';
import { createWorkers } from '../workers';
import { createApp } from './api/app';
import { authOptions, engineCredentials, engineHistoryTimeToLive, frontDoorSignature, rateLimits, retentionCycle, retentionPolicy, webOptions, type Config } from './config';
import { createSessionStore } from './web/middleware/session';
import { addDays, londonDay } from './domain/london-calendar';
import { BANK_HOLIDAYS_KNOWN_UNTIL } from './domain/working-days';
import { engineNow } from './engine/clock';
import { createOpenTaskTimes, createUserTaskCommands } from './engine/user-tasks';
import { createReadModel } from './store/read-model';
import { createDirectory, seedDirectory } from './store/directory';
import { createPractitionerStore, seedPractitionerDirectory } from './store/practitioners';
import { startEngineHost, type RunningEngine } from './engine/host';
import { createEngineClient } from './engine/operaton';
import { checkAndDeploy, readForms } from './engine/deploy';
import { createAdvocacyEngine, createReviewEngine, createJourneyEngine, createRacEngine, createReferralEngine, createRetentionEngine } from './engine/journeys';
import { createRetentionStore } from './store/retention';
import { createAdvocacyStore } from './store/advocacy';
import { meetingSchedule } from './domain/rac';
import { createRacStore } from './store/rac';
import { createReferralStore } from './store/referrals';
import { startWorkers } from './engine/worker';
import { createAccessLog } from './store/access-log';
import { createSubjectAccessStore } from './store/subject-access';
import { createContactStore } from './store/contacts';
import { createPool, ensureDatabase, migrate } from './store/db';
import { createMessaging } from './messaging';

export interface RunningService {
  url: string;
  engine?: RunningEngine;
  stop(): Promise<void>;
}

export async function startService(config: Config, log: Logger): Promise<RunningService> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: Error) => log.warn('stopping failed', { error: err.message }));
  };
  try {
    await ensureDatabase(config.DATABASE_URL);
    const pool = createPool(config.DATABASE_URL);
    stops.push(() => pool.end());
    const applied = await migrate(pool);
    log.info('database ready', {
      migrationsApplied: applied,
      directoryServices: await seedDirectory(pool),
      practitionerDirectory: await seedPractitionerDirectory(pool),
    });

    // Notify or the local outbox for people; SMTP or the in-app inbox only for practitioners (see README, "Messages").
    const messaging = createMessaging(config, pool);
    stops.push(() => Promise.resolve(messaging.close()));
    // Named so the log's redaction of personal fields (`person`) does not hide which way people's messages go.
    log.info('messaging ready', { messagesToPeopleVia: messaging.describe.person, practitionerEmail: messaging.describe.practitionerEmail });
    // Past the copy's last bank holiday only weekends are known not to be working days: say so well before that.
    if (addDays(londonDay(new Date()), 183) > BANK_HOLIDAYS_KNOWN_UNTIL) {
      log.warn('bank holidays run short: refresh them with `npm run bank-holidays`', { knownUntil: BANK_HOLIDAYS_KNOWN_UNTIL });
    }

    // Unless ENGINE_REST_URL names an engine that runs elsewhere, build (once) and start the local engine host.
    const host = config.ENGINE_REST_URL ? undefined : await startEngineHost(config, (message, meta) => log.info(message, meta));
    if (host) stops.push(() => host.stop());
    const engine = createEngineClient({
      restUrl: host?.restUrl ?? String(config.ENGINE_REST_URL), ...engineCredentials(config), timeoutMs: config.ENGINE_TIMEOUT_MS,
    });

    const contacts = createContactStore(pool);
    const practitioners = createPractitionerStore(pool);
    const directory = createDirectory(pool);
    const readModel = createReadModel(pool, engine);
    const referrals = createReferralStore(pool);
    const rac = createRacStore(pool);
    const schedule = meetingSchedule(config.RAC_MEETING_CRON);
    const advocacy = createAdvocacyStore(pool);
    const workers = createWorkers({
      contacts, messages: messaging.deps, practitioners, decisions: readModel, completions: readModel, directory, frontDoor: frontDoorSignature(config),
      referrals, referralEngine: createReferralEngine(engine), rac, meetingCycle: schedule.cycle, advocacy, advocacyEngine: createAdvocacyEngine(engine), reviewEngine: createReviewEngine(engine),
      openTasks: createOpenTaskTimes(engine),
      retention: { store: createRetentionStore(pool), engine: createRetentionEngine(engine), policy: retentionPolicy(config), batchSize: config.RETENTION_BATCH },
    });
    const deployed = await checkAndDeploy(engine, workers.map((w) => w.type), undefined, {
      meetingCycle: schedule.cycle, recordsCycle: retentionCycle(config), historyTimeToLive: engineHistoryTimeToLive(config),
    });
    log.info('models deployed', { files: deployed.length });
    const running = startWorkers(engine, workers, log);
    stops.push(() => running.close());

    const sessionStore = createSessionStore(pool);
    stops.push(() => Promise.resolve(sessionStore.close()));
    const app = createApp({
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
      forms: readForms(deployed),
      directory,
      messages: messaging.store,
      practitioners,
      // The test clock moves the engine's time; the service reads it there so deadlines agree with the engine's.
      engineNow: host && config.ENGINE_TEST_CLOCK ? () => engineNow(host.baseUrl, engineCredentials(config)) : () => Promise.resolve(new Date()),
      auth: authOptions(config),
      web: { ...webOptions(config), sessionStore },
      rateLimits: rateLimits(config),
      log,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s)).once('error', reject);
    });
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://${config.HOST}:${port}`;
    log.info('care front door is up', { url, workers: workers.length, ...(host && { cockpit: `${host.baseUrl}/operaton/app/cockpit/` }) });
    return { url, ...(host ? { engine: host } : {}), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
