// The staff app's content-security policy: its own scripts, styles, fonts and images only, and one inline script by nonce.
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's content-security policy for pages, replacing the API's "nothing may load": scripts, styles, fonts and
 * images from this origin only, plus GOV.UK Frontend's one inline script (it marks the page as having JavaScript),
 * allowed by a nonce made afresh for each answer (`res.locals.cspNonce`); forms post to this origin only, and may end
 * at `formTargets` (the identity provider's origin, where signing out leads); no framing.
 * The other security headers are the API's (src/api/middleware/security-headers.ts). Source: OWASP Content Security
 * Policy Cheat Sheet; GOV.UK Frontend's "Content Security Policy" guidance (cspNonce).
 */
export function pageSecurityHeaders(formTargets: readonly string[] = []): RequestHandler[] {
  return [
    (_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64');
      next();
    },
    helmet.contentSecurityPolicy({
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${String((res as unknown as { locals: { cspNonce: string } }).locals.cspNonce)}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'", ...formTargets],
        frameAncestors: ["'none'"],
      },
    }),
  ];
}
