// The staff app's sessions: a signed, HttpOnly, SameSite=Lax cookie naming a session kept in PostgreSQL (express-session, connect-pg-simple).
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import session from 'express-session';
import type { Pool } from 'pg';
import type { PendingSignIn } from '../oidc';

/** Who is signed in to the staff app: set by the identity provider's sign-in, or locally by the development sign-in. */
export interface SignedInUser {
  /** Their sign-in id: the assignee the engine records. */
  id: string;
  name: string;
  groups: string[];
}

/** A message for the page after an action: what just happened ("You claimed …") or why it could not. */
export interface Flash {
  /** Named in the address redirected to (`?done=<id>`), so only that page shows it. */
  id: string;
  kind: 'success' | 'problem';
  text: string;
}

declare module 'express-session' {
  interface SessionData {
    user?: SignedInUser;
    flash?: Flash;
    /** Between sending the person to the identity provider and their return (src/web/oidc.ts). */
    pendingSignIn?: PendingSignIn;
    /** The provider's ID token, kept only to name the session when signing out of the provider too. */
    idToken?: string;
    /** The purpose stated for opening each case's whole record, and when (src/web/routes/case.ts): it covers a short while. */
    casePurposes?: Record<string, { why: string; at: number }>;
  }
}

/** A working day with a margin, as a token's lifetime (src/api/auth.ts): then staff sign in again. */
export const SESSION_HOURS = 12;

/**
 * The sessions table of migration 023 (`web_sessions`), through connect-pg-simple on the service's own pool. It
 * removes expired sessions every 15 minutes; `close()` stops that, and leaves the pool open.
 */
export function createSessionStore(pool: Pool): session.Store & { close(): void } {
  const PgStore = connectPgSimple(session);
  return new PgStore({ pool, tableName: 'web_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
}

/**
 * Sessions with the cookie settings OWASP's Session Management Cheat Sheet asks for: HttpOnly (no script reads it),
 * SameSite=Lax (not sent with another site's form posts), Secure whenever the service is not on a loopback address (then
 * it is behind a TLS-terminating proxy, trusted for X-Forwarded-Proto only), a name that does not say which library,
 * and an absolute lifetime of SESSION_HOURS. A session is stored only once something is put in it.
 */
export function sessions(options: { store: session.Store; secret: string; secure: boolean }): RequestHandler {
  return session({
    name: 'care-front-door.session',
    secret: options.secret,
    store: options.store,
    resave: false,
    saveUninitialized: false,
    proxy: options.secure,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: SESSION_HOURS * 60 * 60 * 1000 },
  });
}
