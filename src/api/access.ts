// Enforces the access policy (src/api/access-policy.ts) on every API request, before any router: default deny.
import type { RequestHandler } from 'express';
import { match } from 'path-to-regexp';
import { AppError } from '../errors';
import { ACCESS_POLICY, mayCall, type Permission, type Route } from './access-policy';
import { currentUser } from './auth';
import { notFound } from './problem';

// Parameters are matched undecoded: a malformed %-escape is the route's own 400, never an error here.
const ROUTES = (Object.keys(ACCESS_POLICY) as Route[]).map((route) => {
  const [method, path] = route.split(' ') as [string, string];
  return { route, method, matches: match(path, { decode: false }) };
});

/** The policy line a request falls under, if any: "HEAD" asks as "GET" does. */
export function routeOf(method: string, path: string): Route | undefined {
  const asked = method === 'HEAD' ? 'GET' : method;
  return ROUTES.find((r) => r.method === asked && r.matches(path) !== false)?.route;
}

/**
 * Lets a request through only when the policy has a line for its route and the signed-in user is in one of its
 * groups: 403 problem+json saying which groups may, or 404 for a route the policy does not know. Must follow
 * authenticate(). The permission is kept in res.locals.permission.
 */
export function enforceAccessPolicy(): RequestHandler {
  return (req, res, next) => {
    const route = routeOf(req.method, req.baseUrl + req.path);
    if (!route) {
      notFound(req, res, next);
      return;
    }
    const permission: Permission = ACCESS_POLICY[route];
    if (!mayCall(route, currentUser(res).groups)) {
      next(new AppError(403, 'Not allowed', `Only ${permission.groups.join(', ')} may ${permission.action.charAt(0).toLowerCase()}${permission.action.slice(1)}.`));
      return;
    }
    res.locals.permission = permission;
    next();
  };
}
