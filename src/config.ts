// The service's one configuration: every key read from the environment, documented, defaulted and validated once.
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DEV_SECRET, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, type AuthOptions } from './api/auth';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './api/middleware/rate-limits';
import { BASE_TEMPLATE_KEYS, TEMPLATE_KEY } from './domain/messages';
import { DEFAULT_MEETING, meetingSchedule } from './domain/rac';
import { DEFAULT_RETENTION, DEFAULT_RETENTION_RUNS_AT, engineHistoryDays, retentionCycleAt, retentionPeriod, type RetentionPolicy } from './domain/retention';
import { PROJECT_ROOT } from './engine/distribution';
import { DEFAULT_SESSION_SECRET, type WebOptions } from './web/app';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1');

const notifyTemplates = z.string().transform((text, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a JSON object of "<template>-<method>": "<Notify template id>"' });
    return z.NEVER;
  }
  const templates = z.record(z.string().regex(TEMPLATE_KEY, 'is not <template>-<method>[-variant]'), z.string().uuid('is not a Notify template id')).safeParse(parsed);
  if (!templates.success) {
    for (const i of templates.error.issues) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${i.path.join('.')}: ${i.message}` });
    return z.NEVER;
  }
  return templates.data;
});

/** True for an address only this machine reaches: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

export const configSchema = z.object({
  /**
   * "production" switches on production mode: the API then needs the council's identity provider (OIDC_ISSUER), the
   * audience its tokens name (OIDC_AUDIENCE) and TOKEN_MAX_LIFETIME_MINUTES set explicitly, and never takes development
   * tokens. Any other value (or none) is development. The service's Dockerfile sets production.
   */
  NODE_ENV: z.string().optional(),
  /** HTTP port of the service's API. */
  PORT: port.default(3000),
  /**
   * Address the API listens on; loopback unless deployed behind a proxy. With the public development secret (no
   * OIDC_ISSUER and no JWT_DEV_SECRET of your own) only a loopback address is allowed: 127.0.0.1, ::1 or localhost.
   */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PostgreSQL holding the case records; the database is created if missing. */
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/care_front_door'),
  /**
   * Identity. Production verifies bearer tokens against an OpenID Connect issuer's JWKS (OIDC_ISSUER, OIDC_AUDIENCE).
   * Without an issuer, tokens are HS256-signed with JWT_DEV_SECRET: local development only (`npm run -s token`).
   */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /**
   * The staff app's sign-in with the same provider (authorization-code flow): the client id and secret it registered for
   * this service, and the address staff open the service at (STAFF_APP_URL, e.g. https://care.example.gov.uk), whose
   * /sign-in/callback and /signed-out are registered with the provider as the redirect and post-sign-out addresses.
   */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  STAFF_APP_URL: z.string().url().optional(),
  /** The scopes the staff app asks the provider for: the name and the groups claim must come with them. */
  OIDC_SCOPE: z.string().regex(/(^|\s)openid(\s|$)/, 'must include openid').default('openid profile'),
  JWT_DEV_SECRET: z.string().min(32).default(DEFAULT_DEV_SECRET),
  /**
   * The longest any token may be good for, in minutes (1 to 1440): one whose exp is later than this after its iat, or
   * issued longer ago than this, is refused, as is one without iat or issued in the future. Unset: 720 (12 hours) in
   * development; production must set it, to the identity provider's own access-token lifetime or less.
   */
  TOKEN_MAX_LIFETIME_MINUTES: z.coerce.number().int().min(1).max(1440).optional(),
  /**
   * Rate limits, answered with 429 and Retry-After: intake (POST /api/contacts) per signed-in caller, by default 120 a
   * minute, which a runaway or misused client meets and a busy front door does not; and the staff app's sign-in (POST
   * /sign-in) per client address, by default 10 in 15 minutes.
   */
  INTAKE_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_RATE_LIMITS.intake.limit),
  INTAKE_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.intake.windowSeconds),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_RATE_LIMITS.signIn.limit),
  SIGN_IN_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(DEFAULT_RATE_LIMITS.signIn.windowSeconds),
  /**
   * Signs the staff app's session cookie (32 characters or more). Unset: a public development secret, refused in
   * production. Changing it signs everyone out.
   */
  SESSION_SECRET: z.string().min(32).default(DEFAULT_SESSION_SECRET),
  /** The token claim that lists the user's candidate groups. */
  JWT_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** winston level. */
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /**
   * REST API of an engine that runs elsewhere (a council's cluster, the docker-compose stack), e.g.
   * http://engine:8080/engine-rest. When set, the service starts no engine host of its own.
   */
  ENGINE_REST_URL: z.string().url().optional(),
  /** The technical user the service signs in to the engine's REST API as (HTTP basic); the local host creates it. */
  ENGINE_USER: z.string().regex(/^[a-zA-Z0-9]+([._-][a-zA-Z0-9]+)*$/, 'is not an engine user id').default('care-front-door'),
  ENGINE_PASSWORD: z.string().min(8).default('care-front-door-local'),
  /** How long one call to the engine may take before the API answers that the engine is unavailable. */
  ENGINE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** The local engine host's own database, on the same PostgreSQL server by default; created if missing. */
  ENGINE_DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/care_front_door_engine'),
  /** The local engine host's port on 127.0.0.1: its REST API (/engine-rest) and web apps (/operaton: Cockpit, Tasklist, Admin). */
  ENGINE_PORT: port.default(8090),
  /**
   * The engine's Cockpit as staff's browsers reach it, for the operations page's links to each incident, e.g.
   * https://engine.council.example/operaton/app/cockpit/. Unset: the engine's own address with /operaton/app/cockpit/
   * (ENGINE_REST_URL's, without /engine-rest, or the local host's http://127.0.0.1:ENGINE_PORT).
   */
  ENGINE_COCKPIT_URL: z.string().url().optional(),
  /** The web apps' first administrator (operations staff sign in to Cockpit as them, or as users they create). */
  ENGINE_ADMIN_USER: z.string().regex(/^[a-zA-Z0-9]+([._-][a-zA-Z0-9]+)*$/, 'is not an engine user id').default('admin'),
  ENGINE_ADMIN_PASSWORD: z.string().min(5).default('admin'),
  /**
   * Not a setting of its own any more: the engine keeps a finished journey's history as long as the longest RETENTION_*
   * period (engineHistoryTimeToLive), so the two cannot drift apart.
   */
  ENGINE_HISTORY_TTL: z.undefined({ errorMap: () => ({ message: 'is no longer set on its own: the engine keeps its history as long as the longest RETENTION_* period' }) }),
  /** The local engine host's JVM heap, sized for a 2-core / 24 GiB machine, and its job executor's threads. */
  ENGINE_HEAP: z.string().regex(/^\d+[mg]$/).default('768m'),
  ENGINE_JOB_THREADS: z.coerce.number().int().min(1).max(32).default(3),
  /** How long to wait for the local engine host to answer, building excepted. */
  ENGINE_START_TIMEOUT_MS: z.coerce.number().int().positive().default(180_000),
  /** Lets tests move the engine's clock (POST /test-support/clock on the host). Never on in production. */
  ENGINE_TEST_CLOCK: bool.default('false'),
  /** Folder for the local engine host's log (engine.log). */
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, 'data')),
  /**
   * C5: how replies are signed when no practitioner recorded the contact (a web form, an e-mail gateway), and the
   * number a person calls when a promised call-back does not come (T3, T4).
   */
  FRONT_DOOR_NAME: z.string().min(1).default('Adult Social Care Front Door'),
  FRONT_DOOR_ROLE: z.string().min(1).default('Contact team'),
  FRONT_DOOR_PHONE: z.string().regex(/^\+?[\d ()-]{10,20}$/, 'is not a telephone number').default('0300 123 5010'),
  /** The weekly RAC meeting, as a cron cycle in London time (seconds minutes hour day month weekday): Tuesdays at 10:00. */
  RAC_MEETING_CRON: z.string().default(DEFAULT_MEETING).refine((c) => {
    try {
      meetingSchedule(c);
      return true;
    } catch {
      return false;
    }
  }, 'is not a meeting time: give "seconds minutes hour day month weekday" in London time with one time of day, e.g. "0 0 10 * * TUE"'),
  /**
   * G1, UK GDPR Art. 5(1)(e) storage limitation: how long a closed case's personal data is kept after its last journey
   * ends, by kind of record (ISO 8601 durations in years, months, weeks or days), before the nightly job anonymises it.
   * A contact that ended at the front door (information and advice, signposting, a transfer): 2 years; a case file (a
   * referral, advocacy, a review): 6 years; a case with a safeguarding concern: 6 years. See README, "Retention".
   */
  RETENTION_CONTACT: retentionPeriod.default(DEFAULT_RETENTION.contact),
  RETENTION_CASE_RECORD: retentionPeriod.default(DEFAULT_RETENTION['case-record']),
  RETENTION_SAFEGUARDING: retentionPeriod.default(DEFAULT_RETENTION.safeguarding),
  /** When the nightly retention job runs, London time (HH:MM): a quiet hour, outside the clock changes' 01:00–02:00. */
  RETENTION_RUNS_AT: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM in London time, e.g. 02:30').default(DEFAULT_RETENTION_RUNS_AT),
  /** How many cases one pass of the job looks at before it starts another (each pass is one external task). */
  RETENTION_BATCH: z.coerce.number().int().min(1).max(5000).default(100),
  /**
   * GOV.UK Notify, for messages to people. Without an API key (a local run), person messages are written to the
   * message_outbox table instead, shown at GET /api/messages/outbox. The key is the one Notify issues:
   * "<name>-<service id>-<secret>".
   */
  NOTIFY_API_KEY: z
    .string()
    .regex(/^.+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a Notify API key: <name>-<service id>-<secret id>')
    .optional(),
  NOTIFY_BASE_URL: z.string().url().default('https://api.notifications.service.gov.uk'),
  /**
   * JSON object: "<template>-<method>" → Notify template id, for every template in PERSON_TEMPLATES and method
   * (email, text, letter) when NOTIFY_API_KEY is set; optionally variants "<template>-<method>-<format or language>"
   * such as "outcome-letter-easy-read" or "outcome-letter-polish" (see templateCandidates in src/domain/messages.ts).
   */
  NOTIFY_TEMPLATES: notifyTemplates.default('{}'),
  /** How long one call to Notify may take before it is retried. */
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * SMTP server for e-mail to practitioners: smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (TLS).
   * Unset: practitioners get the in-app inbox only, and each e-mail is recorded as not sent, with the reason.
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must be smtp://… or smtps://…').optional(),
  /** From address of practitioner e-mail; its domain also names the Message-IDs. */
  SMTP_FROM: z.string().min(3).default('Care front door <care-front-door@localhost>'),
  SMTP_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
}).superRefine((c, ctx) => {
  // Production mode: tokens only from the council's identity provider, for this service, with a lifetime set on purpose.
  if (isProduction(c)) {
    const needed: [keyof typeof c, string][] = [
      ['OIDC_ISSUER', 'the identity provider\'s issuer URL, e.g. https://login.example.gov.uk/realms/council'],
      ['OIDC_AUDIENCE', 'the audience (aud) the identity provider puts in this service\'s tokens'],
      ['TOKEN_MAX_LIFETIME_MINUTES', 'the longest a token may be good for, in minutes, e.g. 60'],
      ['OIDC_CLIENT_ID', 'the client id the identity provider issued for the staff app\'s sign-in'],
      ['OIDC_CLIENT_SECRET', 'the client secret the identity provider issued with OIDC_CLIENT_ID'],
      ['STAFF_APP_URL', 'the address staff open the service at, e.g. https://care.example.gov.uk'],
    ];
    for (const [key, what] of needed) {
      if (c[key] === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is required in production (NODE_ENV=production): set it to ${what}` });
    }
    // The default is in the source: anyone could forge a session cookie with it.
    if (c.SESSION_SECRET === DEFAULT_SESSION_SECRET) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['SESSION_SECRET'], message: 'is required in production (NODE_ENV=production): set it to a random secret of 32 characters or more' });
    }
  } else if (c.OIDC_ISSUER === undefined && c.JWT_DEV_SECRET === DEFAULT_DEV_SECRET && !isLoopback(c.HOST)) {
    // The default secret is in the source: on any other address anyone who can reach the port could sign in as anyone.
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['HOST'],
      message: `is ${c.HOST}, but the public development token secret is accepted on a loopback address only: set HOST=127.0.0.1, or set OIDC_ISSUER and OIDC_AUDIENCE (the council's identity provider), or for a development stack JWT_DEV_SECRET to a secret of your own (32 characters or more)`,
    });
  }
  // The staff app's sign-in needs all four, or none (then only the development sign-in, locally).
  const signIn = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'STAFF_APP_URL'] as const;
  if (c.OIDC_CLIENT_ID !== undefined) {
    for (const key of signIn.filter((k) => c[k] === undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `is required for the staff app's sign-in when OIDC_CLIENT_ID is set` });
    }
  }
  if (c.NOTIFY_API_KEY === undefined) return;
  // A person may prefer any method, so every template is needed by each method once Notify is on.
  const missing = BASE_TEMPLATE_KEYS.filter((k) => c.NOTIFY_TEMPLATES[k] === undefined);
  if (missing.length > 0) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['NOTIFY_TEMPLATES'], message: `needs a Notify template id for ${missing.join(', ')} when NOTIFY_API_KEY is set` });
  }
});

export type Config = z.infer<typeof configSchema>;

/** Production mode is NODE_ENV=production (see NODE_ENV above). */
export function isProduction(config: Pick<Config, 'NODE_ENV'>): boolean {
  return config.NODE_ENV === 'production';
}

export function authOptions(config: Config): AuthOptions {
  const maxTokenLifetimeSeconds = config.TOKEN_MAX_LIFETIME_MINUTES !== undefined ? config.TOKEN_MAX_LIFETIME_MINUTES * 60 : DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return config.OIDC_ISSUER
    ? { issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, groupsClaim: config.JWT_GROUPS_CLAIM, maxTokenLifetimeSeconds }
    : { devSecret: config.JWT_DEV_SECRET, groupsClaim: config.JWT_GROUPS_CLAIM, maxTokenLifetimeSeconds };
}

/**
 * The staff app's settings (src/web/app.ts): cookies marked Secure unless the service listens on a loopback address
 * (browsers send them over HTTPS only, so a local http:// address could not sign in), and the development sign-in,
 * which picks one of the seeded staff, only in development, without an identity provider, on a loopback address.
 */
export function webOptions(config: Config): Omit<WebOptions, 'sessionStore'> {
  const staffApp = config.STAFF_APP_URL?.replace(/\/+$/, '');
  return {
    ...(config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET && staffApp ? {
      identityProvider: {
        issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET, scope: config.OIDC_SCOPE,
        redirectUri: `${staffApp}/sign-in/callback`, postSignOutUri: `${staffApp}/signed-out`, groupsClaim: config.JWT_GROUPS_CLAIM,
      },
    } : {}),
    sessionSecret: config.SESSION_SECRET,
    secureCookies: !isLoopback(config.HOST),
    developmentSignIn: !isProduction(config) && config.OIDC_ISSUER === undefined && isLoopback(config.HOST),
    cockpitUrl: cockpitUrl(config),
  };
}

/** Where the engine's Cockpit is: ENGINE_COCKPIT_URL, or beside the engine's REST API (see ENGINE_COCKPIT_URL). */
export function cockpitUrl(config: Pick<Config, 'ENGINE_COCKPIT_URL' | 'ENGINE_REST_URL' | 'ENGINE_PORT'>): string {
  if (config.ENGINE_COCKPIT_URL) return config.ENGINE_COCKPIT_URL;
  const engineBase = config.ENGINE_REST_URL ? config.ENGINE_REST_URL.replace(/\/engine-rest\/?$/, '') : `http://127.0.0.1:${config.ENGINE_PORT}`;
  return `${engineBase}/operaton/app/cockpit/`;
}

/** The rate limits the API applies (src/api/middleware/rate-limits.ts). */
export function rateLimits(config: Config): RateLimits {
  return {
    intake: { limit: config.INTAKE_RATE_LIMIT, windowSeconds: config.INTAKE_RATE_WINDOW_SECONDS },
    signIn: { limit: config.SIGN_IN_RATE_LIMIT, windowSeconds: config.SIGN_IN_RATE_WINDOW_SECONDS },
  };
}

/** G1: how long each kind of record is kept after its case closes. */
export function retentionPolicy(config: Pick<Config, 'RETENTION_CONTACT' | 'RETENTION_CASE_RECORD' | 'RETENTION_SAFEGUARDING'>): RetentionPolicy {
  return { 'contact': config.RETENTION_CONTACT, 'case-record': config.RETENTION_CASE_RECORD, 'safeguarding': config.RETENTION_SAFEGUARDING };
}

/**
 * How long the engine keeps a finished journey's history (its historyTimeToLive, whole days as the engine takes them):
 * the longest retention period, rounded up, so the engine never forgets a journey before the case store may (P6Y → P2196D).
 */
export function engineHistoryTimeToLive(config: Pick<Config, 'RETENTION_CONTACT' | 'RETENTION_CASE_RECORD' | 'RETENTION_SAFEGUARDING'>): string {
  return `P${engineHistoryDays(retentionPolicy(config))}D`;
}

/** The nightly retention job's timer cycle (engine cron: seconds minutes hour day month weekday), London time. */
export function retentionCycle(config: Pick<Config, 'RETENTION_RUNS_AT'>): string {
  return retentionCycleAt(config.RETENTION_RUNS_AT);
}

/** C5: the front door's own signature, for what no named practitioner sends. */
export function frontDoorSignature(config: Pick<Config, 'FRONT_DOOR_NAME' | 'FRONT_DOOR_ROLE' | 'FRONT_DOOR_PHONE'>) {
  return { name: config.FRONT_DOOR_NAME, role: config.FRONT_DOOR_ROLE, phone: config.FRONT_DOOR_PHONE };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration is invalid: ${detail}`);
  }
  return parsed.data;
}

/** How the service signs in to the engine's REST API. */
export function engineCredentials(config: Pick<Config, 'ENGINE_USER' | 'ENGINE_PASSWORD'>): { user: string; password: string } {
  return { user: config.ENGINE_USER, password: config.ENGINE_PASSWORD };
}
