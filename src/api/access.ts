// Enforces the access policy (src/api/access-policy.ts) on every API request, before any router: default deny.
import type { RequestHandler } from 'express';
import { match } from 'path-to-regexp';
import { AppError } from '../errors';
import { ACCESS_POLICY, mayCall, type Permission, type Route } from './access-policy';
import { currentUser } from './auth';
import { notFound } from './problem';

/**
 * Finds which line of a policy table ("METHOD /path" keys with Express parameters) a request falls under, if any:
 * "HEAD" asks as "GET" does. Parameters are matched undecoded: a malformed %-escape is the route's own 400, never an
 * error here. Serves the API's table and the staff app's pages alike.
 */
export function policyLines<K extends string>(lines: readonly K[]): (method: string, path: string) => K | undefined {
  const matchers = lines.map((line) => {
    const [method, path] = line.split(' ') as [string, string];
    return { line, method, matches: match(path, { decode: false }) };
  });
  return (method, path) => {
    const asked = method === 'HEAD' ? 'GET' : method;
    return matchers.find((m) => m.method === asked && m.matches(path) !== false)?.line;
  };
}

/** The API policy line a request falls under, if any. */
export const routeOf = policyLines(Object.keys(ACCESS_POLICY) as Route[]);

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
