// The Express application: the API (bearer-token identity, zod at the edge, problem+json out) and the staff app's pages beside it.
import express from 'express';
import type { Logger } from 'winston';
import type { AccessLog, ContactRepository, JourneyEngine } from '../domain/contacts';
import type { UserTaskCommands } from '../engine/user-tasks';
import type { ReadModel } from '../store/read-model';
import { enforceAccessPolicy } from './access';
import { openApiDocument } from './openapi';
import { authenticate, type AuthOptions } from './auth';
import type { Directory } from '../store/directory';
import { contactsRouter } from './contacts';
import { directoryRouter } from './directory';
import { caseMessagesRouter, messagesRouter } from './messages';
import type { MessageViews } from '../domain/messages';
import { practitionersRouter } from './practitioners';
import type { PractitionerStore } from '../store/practitioners';
import { casesRouter, operationsRouter } from './operations';
import { notFound, problemHandler } from './problem';
import { tasksRouter } from './tasks';
import { referralsRouter } from './referrals';
import { racRouter } from './rac';
import type { ReferralRepository } from '../domain/referral';
import type { ReferralEngine } from '../domain/referrals';
import type { RacEngine, RacStore } from '../domain/rac';
import type { AdvocacyEngine, AdvocacyStore } from '../domain/advocacy';
import type { MessageDeps } from '../domain/messages';
import { advocacyRouter } from './advocacy';
import type { SubjectAccessStore } from '../domain/subject-access';
import { DEFAULT_RATE_LIMITS, intakeRateLimit, type RateLimits } from './middleware/rate-limits';
import { noStore, securityHeaders } from './middleware/security-headers';
import { mountStaffApp, type WebOptions } from '../web/app';

export interface AppDeps {
  referrals: ReferralRepository;
  /** Tells a waiting referral's journey that the person's situation changed (A3). */
  referralEngine: ReferralEngine;
  /** The RAC meetings and their decisions, and the engine that hands each decision to its referral (A1). */
  rac: RacStore;
  racEngine: RacEngine;
  /** Advocacy providers and referrals, and the engine that tells the journeys waiting on them (V3, V4). */
  advocacy: AdvocacyStore;
  advocacyEngine: AdvocacyEngine;
  /** Sending to people and practitioners, for use cases the API runs itself. */
  messageDeps: MessageDeps;
  contacts: ContactRepository;
  accessLog: AccessLog;
  engine: JourneyEngine;
  readModel: ReadModel;
  commands: UserTaskCommands;
  forms: Map<string, unknown>;
  directory: Directory;
  /** Practitioners' in-app inbox, the local outbox of person messages, and what each case was sent. */
  messages: MessageViews;
  /** Practitioners, teams, their absences and people's allocations (T1, T2). */
  practitioners: PractitionerStore;
  /** The engine's clock: deadlines and breaches are judged on the time the engine keeps. */
  engineNow: () => Promise<Date>;
  /** Everything held about one person, for a subject access request (UK GDPR Art. 15). */
  subjectAccess: SubjectAccessStore;
  auth: AuthOptions;
  /** The staff app's sessions and sign-in (src/web/app.ts); without it the service serves the API only. */
  web?: WebOptions;
  /** Intake and sign-in limits (config: INTAKE_RATE_LIMIT, …); DEFAULT_RATE_LIMITS when left out. */
  rateLimits?: RateLimits;
  log: Logger;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(express.json({ limit: '100kb' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'up' });
  });
  // The API's description, made from the schemas the routes parse with; it holds no personal data.
  let description: unknown;
  app.get('/openapi.json', (_req, res) => {
    description ??= openApiDocument();
    res.json(description);
  });
  app.use('/api', noStore, authenticate(deps.auth), enforceAccessPolicy());
  app.post('/api/contacts', intakeRateLimit((deps.rateLimits ?? DEFAULT_RATE_LIMITS).intake));
  app.use('/api/contacts', contactsRouter(deps));
  app.use('/api/tasks', tasksRouter(deps));
  app.use('/api/cases', casesRouter(deps));
  app.use('/api/cases', caseMessagesRouter(deps));
  app.use('/api/messages', messagesRouter(deps));
  app.use('/api/operations', operationsRouter(deps));
  app.use('/api/directory', directoryRouter(deps));
  app.use('/api/directory', practitionersRouter(deps));
  app.use('/api/referrals', referralsRouter(deps));
  app.use('/api/rac', racRouter(deps));
  app.use('/api/advocacy', advocacyRouter({ ...deps, messages: deps.messageDeps }));
  if (deps.web) {
    mountStaffApp(app, { ...deps, signInLimit: (deps.rateLimits ?? DEFAULT_RATE_LIMITS).signIn }, deps.web);
  }
  app.use(notFound);
  app.use(problemHandler(deps.log));
  return app;
}
