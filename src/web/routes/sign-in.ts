// Signing in and out of the staff app: with the council's identity provider (OpenID Connect) when one is set, or, locally,
// a development sign-in that picks one of the seeded staff. Either way the session gets the same signed-in user.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'winston';
import { z } from 'zod';
import { GROUPS, type Group } from '../../api/access-policy';
import type { StaffMember } from '../staff';
import { newCsrfToken } from '../middleware/csrf';
import { navigationFor } from '../navigation';
import type { SignedInUser } from '../middleware/session';
import { SignInRefused, type IdentityProviderClient } from '../oidc';

const signInForm = z.object({ staffId: z.string().max(64), _csrf: z.string().optional() });

/** What a group may do, in the sign-in page's words: the policy's own description of the group. */
const whatTheyDo = (groups: readonly Group[]) => groups.map((g) => GROUPS[g]).join('; ');

/** Starts a new session for the user (a session id chosen before sign-in is never kept: session fixation) with a new form token. */
function startSession(req: Request, user: SignedInUser, idToken?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) {
        reject(err as Error);
        return;
      }
      req.session.user = user;
      if (idToken) req.session.idToken = idToken;
      newCsrfToken(req);
      req.session.save((saveErr) => (saveErr ? reject(saveErr as Error) : resolve()));
    });
  });
}

const saved = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));

/** Where a user starts: the first page of the navigation their groups may open (operations staff have no inbox). */
function homeOf(groups: readonly string[]): string {
  return navigationFor(groups)[0]?.href ?? '/';
}

/**
 * GET /sign-in, GET /sign-in/start, GET /sign-in/callback, POST /sign-in, POST /sign-out and GET /signed-out. With an
 * `identityProvider` the sign-in page sends the person to it (start: a fresh state, nonce and PKCE verifier kept in
 * their session) and the callback checks its answer and signs them in; signing out also signs them out of the provider.
 * With `developmentSignIn` the page lists `staff` to pick from (radios). Otherwise it says sign-in is not available here.
 * `rateLimit` bounds sign-in attempts per client address. A sign-in the provider refused, or that this service cannot
 * accept, is told in plain words; what went wrong technically goes to the log (never a token or a person's details).
 */
export function signInRouter(options: {
  developmentSignIn: boolean; staff: readonly StaffMember[]; rateLimit: RequestHandler; identityProvider?: IdentityProviderClient; log: Logger;
}): Router {
  const router = Router();
  const people = options.staff.map((s) => ({ ...s, what: whatTheyDo(s.groups) }));
  const idp = options.identityProvider;

  router.get('/sign-in', (req, res) => {
    if (req.session.user) {
      res.redirect(303, homeOf(req.session.user.groups));
      return;
    }
    res.render('pages/sign-in.njk', { developmentSignIn: options.developmentSignIn, identityProvider: !!idp, people });
  });

  const refuse = (res: Response, status: number, problem: string) => {
    res.status(status).render('pages/sign-in.njk', { identityProvider: !!idp, problem });
  };

  router.get('/sign-in/start', options.rateLimit, async (req, res) => {
    if (!idp) {
      res.status(404).render('pages/not-found.njk');
      return;
    }
    try {
      const { url, pending } = await idp.start();
      req.session.pendingSignIn = pending;
      await saved(req);
      res.redirect(303, url);
    } catch (err) {
      options.log.error('the identity provider could not be reached to sign in', { error: (err as Error).message });
      refuse(res, 503, 'Signing in is not working at the moment because the council\'s sign-in service could not be reached. Try again in a few minutes.');
    }
  });

  router.get('/sign-in/callback', options.rateLimit, async (req, res) => {
    const pending = req.session.pendingSignIn;
    if (!idp || !pending) {
      refuse(res, 400, 'Your sign-in was not completed, or it was started in another window. Sign in again.');
      return;
    }
    delete req.session.pendingSignIn;
    if (typeof req.query.error === 'string') {
      await saved(req);
      refuse(res, 403, req.query.error === 'access_denied' ? 'You did not finish signing in. Sign in again when you are ready.' : 'The council\'s sign-in service could not sign you in. Sign in again.');
      return;
    }
    try {
      const query = new URL(req.originalUrl, 'http://callback').search;
      const { user, idToken } = await idp.finish(query, pending);
      await startSession(req, user, idToken);
      res.redirect(303, homeOf(user.groups));
    } catch (err) {
      await saved(req);
      if (err instanceof SignInRefused) {
        refuse(res, 403, err.message);
        return;
      }
      options.log.warn('a sign-in from the identity provider was not accepted', { error: (err as Error).message });
      refuse(res, 400, 'Your sign-in could not be completed. Sign in again.');
    }
  });

  router.post('/sign-in', options.rateLimit, async (req, res) => {
    const form = signInForm.safeParse(req.body);
    const member = form.success ? options.staff.find((s) => s.id === form.data.staffId) : undefined;
    if (!options.developmentSignIn) {
      res.status(404).render('pages/not-found.njk');
      return;
    }
    if (!member) {
      res.status(400).render('pages/sign-in.njk', { developmentSignIn: true, people, error: 'Select who you are signing in as' });
      return;
    }
    await startSession(req, { id: member.id, name: member.name, groups: [...member.groups] });
    res.redirect(303, homeOf(member.groups));
  });

  router.post('/sign-out', (req, res, next) => {
    const idToken = req.session.idToken;
    req.session.destroy((err) => {
      if (err) {
        next(err);
        return;
      }
      res.clearCookie('care-front-door.session');
      // Signed out here first: a provider that cannot be reached does not keep anyone signed in to this service.
      (idp ? idp.signOutUrl(idToken) : Promise.resolve(undefined))
        .catch((e: unknown) => {
          options.log.warn('the identity provider could not be reached to sign out', { error: (e as Error).message });
          return undefined;
        })
        .then((url) => res.redirect(303, url ?? '/signed-out'))
        .catch(next);
    });
  });

  router.get('/signed-out', (_req, res) => {
    res.render('pages/signed-out.njk');
  });

  return router;
}
