// The service's one configuration: every key read from the environment, documented, defaulted and validated once.
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_DEV_SECRET, type AuthOptions } from './api/auth';
import { PROJECT_ROOT } from './engine/distribution';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1');

export const configSchema = z.object({
  /** HTTP port of the service's API. */
  PORT: port.default(3000),
  /** Address the API listens on; loopback unless deployed behind a proxy. */
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL holding the case records; the database is created if missing. */
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/care_front_door'),
  /** Redis that the broker's exporter writes records to and the read-model projector reads from. */
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of the exported record streams (<prefix>:USER_TASK …); the local broker's exporter and the projector share it. */
  EXPORT_STREAM_PREFIX: z.string().regex(/^[\w.-]+$/).default('care-front-door'),
  /** REST address of an external broker's gateway (user-task commands); the local broker's is known. */
  ZEEBE_REST_ADDRESS: z.string().url().default('http://127.0.0.1:8080'),
  /**
   * Identity. Production verifies bearer tokens against an OpenID Connect issuer's JWKS (OIDC_ISSUER, OIDC_AUDIENCE).
   * Without an issuer, tokens are HS256-signed with JWT_DEV_SECRET: local development only (`npm run -s token`).
   */
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  JWT_DEV_SECRET: z.string().min(32).default(DEFAULT_DEV_SECRET),
  /** The token claim that lists the user's candidate groups. */
  JWT_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** winston level. */
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  /**
   * gRPC address of an existing Zeebe gateway (host:port). When set, the service starts no
   * broker of its own (docker-compose stack, self-managed, SaaS). ZEEBE_GRPC_ADDRESS is the SDK's name for it.
   */
  ZEEBE_ADDRESS: z.string().optional(),
  ZEEBE_GRPC_ADDRESS: z.string().optional(),
  /** Where the Zeebe distribution is unpacked (git-ignored). */
  ZEEBE_HOME: z.string().default(path.join(PROJECT_ROOT, '.zeebe')),
  /** Folder for the local broker's data; instances and timers survive a restart. */
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, 'data')),
  /** Ports of the local broker, all on 127.0.0.1. */
  ZEEBE_GATEWAY_PORT: port.default(26500),
  ZEEBE_REST_PORT: port.default(8080),
  ZEEBE_MANAGEMENT_PORT: port.default(9600),
  ZEEBE_COMMAND_PORT: port.default(26501),
  ZEEBE_INTERNAL_PORT: port.default(26502),
  /** Lets tests move the broker's clock through the management endpoint. Never on in production. */
  ZEEBE_CLOCK_CONTROLLED: bool.default('false'),
  /** JVM heap and direct memory of the local broker, sized for a 2-core / 24 GiB machine. */
  ZEEBE_HEAP: z.string().regex(/^\d+[mg]$/).default('1g'),
  ZEEBE_DIRECT_MEMORY: z.string().regex(/^\d+[mg]$/).default('512m'),
  /** RocksDB memory for the single partition. */
  ZEEBE_ROCKSDB_MEMORY: z.string().regex(/^\d+(KB|MB|GB)$/).default('256MB'),
  /** The broker stops processing below this much free disk, and replication below the second. */
  ZEEBE_DISK_FREE_PROCESSING: z.string().regex(/^\d+(KB|MB|GB)$/).default('1GB'),
  ZEEBE_DISK_FREE_REPLICATION: z.string().regex(/^\d+(KB|MB|GB)$/).default('512MB'),
  /** How long to wait for the local broker to be ready. */
  ZEEBE_START_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
});

export type Config = z.infer<typeof configSchema>;

export function authOptions(config: Config): AuthOptions {
  return config.OIDC_ISSUER
    ? { issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, groupsClaim: config.JWT_GROUPS_CLAIM }
    : { devSecret: config.JWT_DEV_SECRET, groupsClaim: config.JWT_GROUPS_CLAIM };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration is invalid: ${detail}`);
  }
  return parsed.data;
}

/** The gRPC address of an external broker, if one is configured. */
export function externalZeebeAddress(config: Config): string | undefined {
  return config.ZEEBE_ADDRESS ?? config.ZEEBE_GRPC_ADDRESS;
}
