// Checks every page of the staff app against the access policy (src/api/access-policy.ts › PAGE_POLICY): the same table as the API.
import type { Request, RequestHandler } from 'express';
import { ACCESS_POLICY, mayOpen, PAGE_POLICY, type Page } from '../../api/access-policy';
import { policyLines } from '../../api/access';
import type { SignedInUser } from './session';

/** The page policy line a page request falls under, if any. */
export const pageOf = policyLines(Object.keys(PAGE_POLICY) as Page[]);

/** The signed-in user of a page request. Throws when the route is not behind requireSignIn(): a wiring mistake. */
export function signedInUser(req: Request): SignedInUser {
  const user = req.session.user;
  if (!user) throw new Error('signedInUser() was called on a page without requireSignIn()');
  return user;
}

/** Sends anyone not signed in to the sign-in page, remembering nothing of where they were going (the inbox is home). */
export function requireSignIn(): RequestHandler {
  return (req, res, next) => {
    if (!req.session.user) {
      res.redirect(303, '/sign-in');
      return;
    }
    res.locals.user = req.session.user;
    next();
  };
}

/**
 * Lets a page request through only when PAGE_POLICY lists it and the signed-in user's groups may perform the API action
 * it maps to; otherwise a 403 page in plain words, saying who may. A page the table does not know goes on to the 404
 * page. Must follow requireSignIn().
 */
export function enforcePagePolicy(): RequestHandler {
  return (req, res, next) => {
    const page = pageOf(req.method, req.path);
    if (!page) {
      next();
      return;
    }
    if (!mayOpen(page, signedInUser(req).groups)) {
      const action = ACCESS_POLICY[PAGE_POLICY[page]].action;
      res.status(403).render('pages/not-allowed.njk', { action: action.charAt(0).toLowerCase() + action.slice(1) });
      return;
    }
    next();
  };
}
