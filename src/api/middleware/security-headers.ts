// Web security headers on every answer (helmet), and no caching of the API's answers, which carry personal data.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's headers for a JSON API that no page embeds: a content-security policy that allows nothing to load and no
 * framing (`default-src 'none'; frame-ancestors 'none'`), `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`,
 * `Referrer-Policy: no-referrer`, HSTS for when it is served over HTTPS, and helmet's cross-origin isolation defaults.
 * Source: OWASP REST Security Cheat Sheet, "Security headers".
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * `Cache-Control: no-store` on every answer it is mounted on: a case record, an inbox or an error naming a person must
 * not be kept by a browser, a proxy or a shared computer's disk (UK GDPR Art. 32; OWASP REST Security Cheat Sheet).
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
