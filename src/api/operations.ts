// /api/cases/:id/timeline and /api/operations: what operations staff and practitioners read of the engine's runtime and history.
import { Router } from 'express';
import { z } from 'zod';
import { durationSchema } from '../domain/contact';
import { deadlinesDue, responseStandardOver } from '../domain/operations';
import { AppError } from '../errors';
import type { ReadModel } from '../store/read-model';
import { parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const caseParams = z.object({ id: z.string().uuid('is not a case id') });
const incidentsQuery = z.object({ state: z.enum(['open', 'resolved']).optional() });
const windowQuery = z.object({
  within: durationSchema('PT4H or P7D').default('P1D'),
});
const standardQuery = z.object({ over: durationSchema('P7D').default('P30D') });

/** What each route takes (the OpenAPI document is made from these). */
export const operationsRequests = {
  'GET /api/cases/:id/timeline': { params: caseParams },
  'GET /api/operations/incidents': { query: incidentsQuery },
  'GET /api/operations/deadlines': { query: windowQuery },
  'GET /api/operations/response-standard': { query: standardQuery },
} satisfies RequestSchemas;

export function casesRouter(deps: { readModel: ReadModel }): Router {
  const router = Router();
  router.get('/:id/timeline', async (req, res) => {
    const { id } = parseBody(caseParams, req.params);
    const entries = await deps.readModel.caseTimeline(id);
    if (!entries) throw new AppError(404, 'No such case', `There is no case ${id}.`);
    // Each entry says what happened in plain words (its text): which way a decision went, who did a task, which time passed.
    res.json({ caseId: id, timeline: entries });
  });
  return router;
}

export function operationsRouter(deps: { readModel: ReadModel; engineNow: () => Promise<Date> }): Router {
  const router = Router();
  router.get('/incidents', async (req, res) => {
    const { state } = parseBody(incidentsQuery, req.query);
    res.json({ incidents: await deps.readModel.incidents(state) });
  });
  router.get('/deadlines', async (req, res) => {
    const { within } = parseBody(windowQuery, req.query);
    res.json(await deadlinesDue(deps, within));
  });
  router.get('/response-standard', async (req, res) => {
    const { over } = parseBody(standardQuery, req.query);
    res.json(await responseStandardOver(deps, over));
  });
  return router;
}
