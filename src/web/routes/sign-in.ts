// Signing in and out of the staff app. Locally, a development sign-in that picks one of the seeded staff; in production
// the council's identity provider (OpenID Connect), which is the next step and plugs in by setting the same session user.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { GROUPS, type Group } from '../../api/access-policy';
import type { StaffMember } from '../staff';
import { newCsrfToken } from '../middleware/csrf';
import { navigationFor } from '../navigation';
import type { SignedInUser } from '../middleware/session';

const signInForm = z.object({ staffId: z.string().max(64), _csrf: z.string().optional() });

/** What a group may do, in the sign-in page's words: the policy's own description of the group. */
const whatTheyDo = (groups: readonly Group[]) => groups.map((g) => GROUPS[g]).join('; ');

/** Where a user starts: the first page of the navigation their groups may open (operations staff have no inbox). */
function homeOf(groups: readonly string[]): string {
  return navigationFor(groups)[0]?.href ?? '/';
}

/**
 * GET /sign-in, POST /sign-in, POST /sign-out and GET /signed-out. With `developmentSignIn` the sign-in page lists
 * `staff` to pick from (radios); otherwise it says sign-in is not available here. Signing in starts a new session
 * (a session id chosen before sign-in is never kept: session fixation) and a new form token; signing out destroys the
 * session. `rateLimit` bounds sign-in attempts per client address.
 */
export function signInRouter(options: { developmentSignIn: boolean; staff: readonly StaffMember[]; rateLimit: RequestHandler }): Router {
  const router = Router();
  const people = options.staff.map((s) => ({ ...s, what: whatTheyDo(s.groups) }));

  router.get('/sign-in', (req, res) => {
    if (req.session.user) {
      res.redirect(303, homeOf(req.session.user.groups));
      return;
    }
    res.render('pages/sign-in.njk', { developmentSignIn: options.developmentSignIn, people });
  });

  router.post('/sign-in', options.rateLimit, (req, res, next) => {
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
    const user: SignedInUser = { id: member.id, name: member.name, groups: [...member.groups] };
    req.session.regenerate((err) => {
      if (err) {
        next(err);
        return;
      }
      req.session.user = user;
      newCsrfToken(req);
      req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, homeOf(user.groups))));
    });
  });

  router.post('/sign-out', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) {
        next(err);
        return;
      }
      res.clearCookie('care-front-door.session');
      res.redirect(303, '/signed-out');
    });
  });

  router.get('/signed-out', (_req, res) => {
    res.render('pages/signed-out.njk');
  });

  return router;
}
