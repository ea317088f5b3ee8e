// Wires the whole service: store, engine (local or external), checked and deployed models, workers, HTTP API.
import type { Server } from 'node:http';
import type { Logger } from 'winston';
import { createWorkers } from '../workers';
import { createApp } from './api/app';
import { authOptions, externalZeebeAddress, frontDoorSignature, type Config } from './config';
import { brokerNow } from './engine/clock';
import { createUserTaskCommands } from './engine/user-tasks';
import { createReadModel } from './store/read-model';
import { createDirectory, seedDirectory } from './store/directory';
import { createPractitionerStore, seedPractitionerDirectory } from './store/practitioners';
import { startBroker, type RunningBroker } from './engine/broker';
import { checkAndDeploy, readForms } from './engine/deploy';
import { createAdvocacyEngine, createReviewEngine, createJourneyEngine, createRacEngine, createReferralEngine } from './engine/journeys';
import { createAdvocacyStore } from './store/advocacy';
import { meetingSchedule } from './domain/rac';
import { createRacStore } from './store/rac';
import { createReferralStore } from './store/referrals';
import { startWorkers } from './engine/worker';
import { createZeebe, sdkAuthConfigured } from './engine/zeebe';
import { createAccessLog } from './store/access-log';
import { createContactStore } from './store/contacts';
import { createPool, ensureDatabase, migrate } from './store/db';
import { createMessaging } from './messaging';
import { startProjector } from './store/projector';

export interface RunningService {
  url: string;
  broker?: RunningBroker;
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
    log.info('messaging ready', messaging.describe);

    let grpcAddress = externalZeebeAddress(config);
    let broker: RunningBroker | undefined;
    if (!grpcAddress) {
      const started = Date.now();
      const local = await startBroker(config);
      stops.push(() => local.stop());
      broker = local;
      grpcAddress = local.grpcAddress;
      log.info('local Zeebe broker ready', { grpcAddress, readyMs: Date.now() - started, logFile: local.logFile });
    }
    const plaintext = broker !== undefined || !sdkAuthConfigured();
    const zeebe = createZeebe({ grpcAddress, plaintext });
    stops.push(async () => void (await zeebe.close()));
    // The API's client gives up quickly so a request can answer 503 instead of hanging.
    const apiZeebe = createZeebe({ grpcAddress, plaintext, maxRetries: 2 });
    stops.push(async () => void (await apiZeebe.close()));

    // Without a local broker, the exporter is whoever runs the broker (docker-compose): same Redis, same prefix.
    const projector = await startProjector({ pool, redisUrl: config.REDIS_URL, prefix: config.EXPORT_STREAM_PREFIX, log });
    stops.push(() => projector.stop());

    const contacts = createContactStore(pool);
    const practitioners = createPractitionerStore(pool);
    const directory = createDirectory(pool);
    const readModel = createReadModel(pool);
    const referrals = createReferralStore(pool);
    const rac = createRacStore(pool);
    const schedule = meetingSchedule(config.RAC_MEETING_CRON);
    const advocacy = createAdvocacyStore(pool);
    const workers = createWorkers({
      contacts, messages: messaging.deps, practitioners, decisions: readModel, completions: readModel, directory, frontDoor: frontDoorSignature(config),
      referrals, referralEngine: createReferralEngine(zeebe), rac, meetingSchedule: schedule, advocacy, advocacyEngine: createAdvocacyEngine(zeebe), reviewEngine: createReviewEngine(zeebe),
    });
    const deployed = await checkAndDeploy(zeebe, workers.map((w) => w.type), undefined, schedule.utcCycle);
    log.info('models deployed', { files: deployed.length });
    const running = startWorkers(zeebe, workers, log);
    stops.push(() => running.close());

    const managementAddress = broker?.managementAddress;
    const app = createApp({
      contacts,
      accessLog: createAccessLog(pool),
      engine: createJourneyEngine(apiZeebe),
      readModel,
      referrals,
      referralEngine: createReferralEngine(apiZeebe),
      rac,
      racEngine: createRacEngine(apiZeebe),
      advocacy,
      advocacyEngine: createAdvocacyEngine(apiZeebe),
      messageDeps: messaging.deps,
      commands: createUserTaskCommands(broker?.restAddress ?? config.ZEEBE_REST_ADDRESS),
      forms: readForms(deployed),
      directory,
      messages: messaging.store,
      practitioners,
      engineNow: managementAddress && config.ZEEBE_CLOCK_CONTROLLED ? () => brokerNow(managementAddress) : () => Promise.resolve(new Date()),
      auth: authOptions(config),
      log,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s)).once('error', reject);
    });
    stops.push(() => new Promise<void>((r) => server.close(() => r())));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const url = `http://${config.HOST}:${port}`;
    log.info('care front door is up', { url, workers: workers.length });
    return { url, ...(broker ? { broker } : {}), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
