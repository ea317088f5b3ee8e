// The message a page shows after an action (POST-redirect-GET): what just happened, or why it could not.
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { Flash } from './middleware/session';

/**
 * Saves a message for the page the browser is sent to next (POST-redirect-GET) and returns its new id, for that page's
 * address to name (`?done=<id>`): only that page shows it. Saved before the redirect: express-session would otherwise
 * send the redirect while still saving, and the browser's next request could read the session from before.
 */
export async function saveFlash(req: Request, kind: 'success' | 'problem', text: string): Promise<string> {
  const id = randomBytes(6).toString('hex');
  req.session.flash = { id, kind, text };
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
  return id;
}

/** The message saved for this address's `done` id, if it is the session's last. */
export function flashFor(req: Request, done: string | undefined): Flash | undefined {
  return done !== undefined && req.session.flash?.id === done ? req.session.flash : undefined;
}
