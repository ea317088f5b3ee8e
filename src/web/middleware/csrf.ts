// Protects every form of the staff app from cross-site request forgery: a token kept in the session and sent back with each form (csrf-sync).
import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  // Forms send it as the hidden field "_csrf" (urlencoded bodies only: the pages post no JSON).
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    return typeof body?._csrf === 'string' ? body._csrf : undefined;
  },
});

/**
 * The synchroniser-token pattern (OWASP CSRF Prevention Cheat Sheet): every page gets the session's token as
 * `csrfToken` for its forms, and every POST, PUT, PATCH or DELETE without the same token is refused with a 403
 * (code EBADCSRFTOKEN) before it reaches a route. Must follow the session middleware and the body parser.
 */
export function csrfProtection(): RequestHandler[] {
  return [
    csrfSynchronisedProtection,
    (req, res, next) => {
      res.locals.csrfToken = generateToken(req);
      next();
    },
  ];
}

/** A new token for a new session (after signing in): the old session's token must not carry over. */
export function newCsrfToken(req: Parameters<RequestHandler>[0]): string {
  return generateToken(req, true);
}
