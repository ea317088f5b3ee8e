// Who is calling the API: bearer tokens from the council's identity provider (or a local development secret), turned into a user and their groups.
import type { RequestHandler, Response } from 'express';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { z } from 'zod';
import { groupNameSchema, MAX_GROUPS, signInIdSchema } from '../domain/identity';
import { AppError, withLoggedCause } from '../errors';

/**
 * FOR LOCAL DEVELOPMENT ONLY. It is public (it is in the source), so anyone can sign tokens with it:
 * a deployed service must verify against its identity provider's issuer instead.
 */
export const DEFAULT_DEV_SECRET = 'local-development-only-not-a-secret-care-front-door';

/** A token is good for at most 12 hours unless configured otherwise: a working day with a margin. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/** How far the identity provider's clock and this machine's may disagree (iat in the future, exp just past). */
const CLOCK_TOLERANCE_SECONDS = 30;

// HS256 is only as strong as its key; RFC 7518 §3.2 asks for at least the hash size (256 bits).
const MIN_SECRET_LENGTH = 32;

// An identity provider signs with its private key; a symmetric algorithm here would let anyone holding a
// public key (served in the JWKS) forge tokens.
const ISSUER_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export const authOptionsSchema = z
  .object({
    /** HS256 secret for local development; used only when no issuer is set. */
    devSecret: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
    /** The OpenID Connect issuer whose signing keys tokens are checked against. Wins over devSecret. */
    issuer: z.string().url('must be the issuer URL, e.g. https://login.example.org/realms/council').optional(),
    /** When set, tokens from the issuer must name it in their aud claim. */
    audience: z.string().min(1).optional(),
    /** The claim holding the user's groups: an array of names, or one string separated by spaces or commas. */
    groupsClaim: z.string().min(1).default('groups'),
    /**
     * The longest a token may be good for, in seconds, from the identity provider's own token policy: a token whose
     * exp is further than this after its iat, or that was issued longer ago than this, is refused. 12 hours, a
     * working day with a margin, unless set (TOKEN_MAX_LIFETIME_MINUTES in src/config.ts).
     */
    maxTokenLifetimeSeconds: z.number().int().positive().default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
  })
  .refine((o) => o.issuer !== undefined || o.devSecret !== undefined, {
    message: 'set an issuer, or (for local development only) a development secret',
    path: ['devSecret'],
  });

export type AuthOptions = z.input<typeof authOptionsSchema>;

export interface User {
  /** The token's sub claim. */
  id: string;
  groups: string[];
}

type Reason = 'expired' | 'untrusted' | 'wrong-claims' | 'issued-at' | 'too-long' | 'unknown-user' | 'malformed';

/** The token itself is at fault (expired, forged, for someone else, garbled): the caller must sign in again. */
export class InvalidTokenError extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

// jose error codes that blame the token rather than the identity provider or the network.
const TOKEN_FAULTS: Record<string, Reason> = {
  ERR_JWT_EXPIRED: 'expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'untrusted',
  ERR_JWKS_NO_MATCHING_KEY: 'untrusted',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'untrusted',
  ERR_JOSE_ALG_NOT_ALLOWED: 'untrusted',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'wrong-claims',
  ERR_JWS_INVALID: 'malformed',
  ERR_JWT_INVALID: 'malformed',
  ERR_JOSE_NOT_SUPPORTED: 'malformed',
};

function validOptions(options: AuthOptions): z.output<typeof authOptionsSchema> {
  const parsed = authOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Authentication options are invalid: ${detail}`);
  }
  return parsed.data;
}

/** Reads the groups claim as providers send it: an array, or one space- or comma-separated string. */
function groupsFrom(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.filter((g) => g !== '');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((g) => g !== '');
  return [];
}

/**
 * Who a verified token names: `sub` a sign-in id and every group a group name (src/domain/identity.ts, the shapes the
 * engine takes), at most MAX_GROUPS groups. A token naming anything else is refused, not trimmed: it comes from a
 * misconfigured or forged issuer, and whatever it names would reach the engine as an assignee or a candidate group.
 */
const userClaims = z.object({ sub: signInIdSchema, groups: z.array(groupNameSchema).max(MAX_GROUPS) });

/**
 * Finds the issuer's signing keys through OpenID Connect discovery, once. A failed discovery is not
 * remembered, so the next request tries again instead of the service staying locked out.
 */
function discoveredKeys(issuer: string): () => Promise<JWTVerifyGetKey> {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    // OpenID Connect Discovery §4: the issuer without a trailing slash, then the well-known path.
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } }).catch((err: Error) => {
      // fetch says only "fetch failed"; the cause says why (refused, unknown host, timed out).
      const cause = err.cause as { code?: string; message?: string } | undefined;
      throw new Error(`${url} could not be reached (${cause?.code ?? cause?.message ?? err.message})`);
    });
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    const config = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // Discovery §4.3: a document naming another issuer must not be trusted for this one.
    if (config.issuer !== issuer) throw new Error(`${url} is for issuer ${String(config.issuer)}, not ${issuer}`);
    if (typeof config.jwks_uri !== 'string') throw new Error(`${url} names no jwks_uri`);
    return createRemoteJWKSet(new URL(config.jwks_uri));
  };
  return () => {
    keys ??= discover().catch((err: unknown) => {
      keys = undefined;
      throw err;
    });
    return keys;
  };
}

/**
 * Verifies a token and says who it belongs to. Throws InvalidTokenError when the token is at fault;
 * any other error means the identity provider could not be reached or is misconfigured.
 */
export function createAuthenticator(options: AuthOptions): (token: string) => Promise<User> {
  const { devSecret, issuer, audience, groupsClaim, maxTokenLifetimeSeconds } = validOptions(options);
  // Tokens without an expiry would be good for ever, so every token must carry one, and when it was issued: jose then
  // refuses one issued in the future or longer ago than the limit. The tolerance allows for small clock differences
  // between the identity provider and this machine.
  const common: JWTVerifyOptions = {
    requiredClaims: ['sub', 'exp', 'iat'],
    maxTokenAge: maxTokenLifetimeSeconds,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  let verify: (token: string) => Promise<JWTPayload>;
  if (issuer !== undefined) {
    const keys = discoveredKeys(issuer);
    const checks: JWTVerifyOptions = { ...common, issuer, algorithms: ISSUER_ALGORITHMS, ...(audience !== undefined ? { audience } : {}) };
    verify = async (token) => {
      const getKey = await keys();
      return (await jwtVerify(token, getKey, checks)).payload;
    };
  } else if (devSecret !== undefined) {
    const key = new TextEncoder().encode(devSecret);
    verify = async (token) => (await jwtVerify(token, key, { ...common, algorithms: ['HS256'] })).payload;
  } else {
    throw new Error('Authentication options are invalid: set an issuer or a development secret');
  }

  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (err) {
      const e = err as { code?: string; claim?: string };
      // jose names the claim it refused: a missing iat, or one in the future, says more than "wrong claims".
      const reason = e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && e.claim === 'iat' ? 'issued-at' : TOKEN_FAULTS[e.code ?? ''];
      if (reason) throw new InvalidTokenError(reason, (err as Error).message);
      throw err;
    }
    // A token minted to last longer than the limit is refused even while young: a stolen one would outlive the policy.
    if ((payload.exp as number) - (payload.iat as number) > maxTokenLifetimeSeconds) {
      throw new InvalidTokenError('too-long', `the token is good for ${(payload.exp as number) - (payload.iat as number)} s, more than ${maxTokenLifetimeSeconds} s`);
    }
    const claims = userClaims.safeParse({ sub: payload.sub, groups: groupsFrom(payload[groupsClaim]) });
    if (!claims.success) {
      throw new InvalidTokenError('unknown-user', `the token's claims are not a user this service takes: ${claims.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    }
    return { id: claims.data.sub, groups: claims.data.groups };
  };
}

const WHAT_WENT_WRONG: Record<Reason, string> = {
  expired: 'The token has expired.',
  untrusted: 'The token was not signed by a trusted key.',
  'wrong-claims': 'The token was not issued for this service, or does not say which user it is for.',
  'issued-at': 'The token does not say when it was issued, or says it was issued in the future.',
  'too-long': 'The token is good for longer than this service allows.',
  'unknown-user': 'The token names a user or group in a form this service does not take.',
  malformed: 'The token is not a well-formed signed token.',
};

/** The token in `Authorization: Bearer <token>`, or undefined when there is none. */
function bearerToken(header: string | undefined): string | undefined {
  // RFC 6750 §2.1: the scheme is case-insensitive; a token is base64url, dots and a few more characters.
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Requires a valid bearer token and keeps its user in res.locals.user. Failures are 401 problem+json with
 * the WWW-Authenticate challenge RFC 6750 asks for, so clients know to sign in (again).
 */
export function authenticate(options: AuthOptions): RequestHandler {
  const verify = createAuthenticator(options);
  // The same words in either mode: how to mint a development token is in the README, not told to every caller.
  const howToSignIn = 'sign in and send your access token in the Authorization header as "Bearer <token>".';
  return async (req, res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (token === undefined) {
      res.set('WWW-Authenticate', 'Bearer');
      next(new AppError(401, 'Sign-in required', `To use the API, ${howToSignIn}`));
      return;
    }
    try {
      res.locals.user = await verify(token);
      next();
    } catch (err) {
      if (err instanceof InvalidTokenError) {
        res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
        next(new AppError(401, 'The access token is not valid', `${WHAT_WENT_WRONG[err.reason]} To continue, ${howToSignIn}`));
        return;
      }
      // What failed (an address, a status) is for the log, not the caller.
      next(withLoggedCause(new AppError(503, 'The sign-in service is unavailable', 'The access token could not be checked with the sign-in service. Try again shortly.'), (err as Error).message));
    }
  };
}

/** The signed-in user. Throws when the route is not behind authenticate(): a wiring mistake, not the caller's. */
export function currentUser(res: Response): User {
  const user = res.locals.user as User | undefined;
  if (user === undefined) throw new Error('currentUser() was called on a route without the authenticate() middleware');
  return user;
}

/** Signs a token the service accepts in development mode. */
export async function signDevToken(secret: string, user: User, expiresIn = '8h'): Promise<string> {
  // The service would refuse a shorter secret, so tokens signed with one could never be used.
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`The development secret must be at least ${MIN_SECRET_LENGTH} characters`);
  return new SignJWT({ groups: user.groups })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
