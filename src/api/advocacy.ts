// /api/advocacy: the providers the council commissions, and each advocacy referral: the advocate the provider names (V3),
// or the person's decline (V4). Either lets the care and support process waiting on it begin.
import { Router } from 'express';
import { z } from 'zod';
import { line } from '../domain/text';
import { AdvocacyProblem, declineAdvocacy, declineSchema, nameAdvocate, namedAdvocateSchema, waitingForAnAdvocate, type AdvocacyDeps } from '../domain/advocacy';
import { AppError } from '../errors';
import { parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const idSchema = z.object({ id: z.string().uuid('is not an advocacy referral id') });
const providerParams = z.object({ id: z.string().regex(/^[a-z0-9-]+$/, 'is not a provider id') });
const acceptingSchema = z.object({ accepting: z.boolean() }).strict();
// Without a referral or review: those still waiting for an advocate.
const forQuery = z.object({ forId: line(100).optional() }).strict();

/** What each route takes (the OpenAPI document is made from these). */
export const advocacyRequests = {
  'GET /api/advocacy/providers': {},
  'PATCH /api/advocacy/providers/:id': { params: providerParams, body: acceptingSchema },
  'GET /api/advocacy': { query: forQuery },
  'GET /api/advocacy/:id': { params: idSchema },
  'POST /api/advocacy/:id/advocate': { params: idSchema, body: namedAdvocateSchema, success: 200 },
  'POST /api/advocacy/:id/decline': { params: idSchema, body: declineSchema, success: 200 },
} satisfies RequestSchemas;

function problem(err: unknown): never {
  if (!(err instanceof AdvocacyProblem)) throw err;
  throw new AppError(err.status, err.title, err.message, err.pointer ? [{ pointer: err.pointer, detail: err.message }] : undefined);
}

export function advocacyRouter(deps: AdvocacyDeps): Router {
  const router = Router();

  router.get('/providers', async (_req, res) => {
    res.json({ providers: await deps.advocacy.providers() });
  });

  // Commissioners keep the list of who is taking referrals (V4: it is their role that advocacy is available).
  router.patch('/providers/:id', async (req, res) => {
    const { id } = parseBody(providerParams, req.params);
    const { accepting } = parseBody(acceptingSchema, req.body);
    const provider = await deps.advocacy.setAccepting(id, accepting);
    if (!provider) throw new AppError(404, 'No such provider', `There is no advocacy provider ${id}.`);
    res.json(provider);
  });

  router.get('/', async (req, res) => {
    const { forId } = parseBody(forQuery, req.query);
    res.json({ advocacy: forId === undefined ? await waitingForAnAdvocate(deps) : await deps.advocacy.madeFor(forId) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const a = await deps.advocacy.find(id);
    if (!a) throw new AppError(404, 'No such advocacy referral', `There is no advocacy referral ${id}.`);
    res.json(a);
  });

  router.post('/:id/advocate', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const advocate = parseBody(namedAdvocateSchema, req.body);
    res.json(await nameAdvocate(deps, id, advocate).catch(problem));
  });

  router.post('/:id/decline', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const { reason } = parseBody(declineSchema, req.body);
    res.json(await declineAdvocacy(deps, id, reason).catch(problem));
  });
  return router;
}
