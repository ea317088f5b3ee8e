// Rate limits (express-rate-limit): intake, per signed-in caller, and sign-in, per address; over the limit a 429 problem.
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options } from 'express-rate-limit';
import { AppError } from '../../errors';

/** A limit: at most `limit` requests per `windowSeconds`, per key. From the config (src/config.ts, README). */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface RateLimits {
  /** POST /api/contacts, per signed-in caller (INTAKE_RATE_LIMIT per INTAKE_RATE_WINDOW_SECONDS). */
  intake: RateLimit;
  /** A sign-in route, per client address (SIGN_IN_RATE_LIMIT per SIGN_IN_RATE_WINDOW_SECONDS). */
  signIn: RateLimit;
}

/** The defaults, as documented in src/config.ts: a runaway or misused client, never a busy front door, meets them. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  intake: { limit: 120, windowSeconds: 60 },
  signIn: { limit: 10, windowSeconds: 15 * 60 },
};

function limiter(l: RateLimit, what: string, key: Options['keyGenerator']): RequestHandler {
  return rateLimit({
    windowMs: l.windowSeconds * 1000,
    limit: l.limit,
    // RateLimit and RateLimit-Policy (IETF draft 8) beside Retry-After, which is set whenever the limit is met.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, res, next) => {
      const after = Number(res.get('Retry-After') ?? l.windowSeconds);
      next(new AppError(429, 'Too many requests', `Too many ${what} in a short time. Try again in ${after} seconds; nothing was recorded.`));
    },
  });
}

/**
 * Limits intake (POST /api/contacts) per signed-in caller, so mount it after authenticate(). Keyed by the user, not the
 * address: behind the council's proxy or web-form gateway every caller shares an address, while each client signs in
 * as itself.
 */
export function intakeRateLimit(l: RateLimit): RequestHandler {
  return limiter(l, 'contacts', (req, res) => {
    const user = res.locals.user as { id?: string } | undefined;
    return user?.id !== undefined ? `user:${user.id}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
  });
}

/**
 * Limits a sign-in route per client address (an IPv6 address by its /56 network): the staff app's sign-in (POST
 * /sign-in, src/web/routes/sign-in.ts). API tokens come from the identity provider, which limits its own sign-in.
 */
export function signInRateLimit(l: RateLimit): RequestHandler {
  return limiter(l, 'sign-in attempts', (req) => ipKeyGenerator(req.ip ?? ''));
}
