// The message a page shows after an action (POST-redirect-GET): what just happened, or why it could not.
import type { Request } from 'express';
import type { Flash } from './middleware/session';

/**
 * Saves a message for the page the browser is sent to next (POST-redirect-GET), under the id that page's address names
 * (`?done=<id>`): only that page shows it. Saved before the redirect: express-session would otherwise send the redirect
 * while still saving, and the browser's next request could read the session from before.
 */
export async function saveFlash(req: Request, id: string, kind: 'success' | 'problem', text: string): Promise<void> {
  req.session.flash = { id, kind, text };
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
}

/** The message saved for this address's `done` id, if it is the session's last. */
export function flashFor(req: Request, done: string | undefined): Flash | undefined {
  return done !== undefined && req.session.flash?.id === done ? req.session.flash : undefined;
}
