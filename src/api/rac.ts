// /api/rac: what the weekly RAC meeting works from and what it decides: the waiting list and the agenda, ordered by
// priority (A2) with how long each has waited and when they were last checked on (A3), suggested workers (A5), and the
// panel's decisions, which only the panel may make (A1).
import { Router } from 'express';
import { z } from 'zod';
import { pageNumber, wholeNumber } from '../domain/paging';
import { decide, meetingAgenda, meetingRecord, racDecisionSchema, RacProblem, waitingList, type RacDeps } from '../domain/rac';
import { AppError } from '../errors';
import { currentUser } from './auth';
import { parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const pageQuery = z.object({
  page: pageNumber(),
  pageSize: wholeNumber(1, 500, 100),
}).strict();
const meetingParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a meeting id') });

/** What each route takes (the OpenAPI document is made from these). */
export const racRequests = {
  'GET /api/rac/waiting-list': { query: pageQuery },
  'GET /api/rac/agenda': { query: pageQuery },
  'GET /api/rac/meetings': {},
  'GET /api/rac/meetings/:id': { params: meetingParams },
  'POST /api/rac/meetings/:id/decisions': { params: meetingParams, body: racDecisionSchema, success: 201 },
} satisfies RequestSchemas;

/** A refusal of the meeting's use cases as problem+json, naming the field when there is one. */
function problem(err: unknown): never {
  if (!(err instanceof RacProblem)) throw err;
  throw new AppError(err.status, err.title, err.message, err.pointer ? [{ pointer: err.pointer, detail: err.message }] : undefined);
}

export function racRouter(deps: RacDeps): Router {
  const router = Router();

  // Waiting time is counted on the wall clock the referral was made by; identifying details stay on the referral.
  const pageOf = (query: unknown) => {
    const { page, pageSize } = parseBody(pageQuery, query);
    return { page, pageSize, range: { limit: pageSize, offset: (page - 1) * pageSize } };
  };

  router.get('/waiting-list', async (req, res) => {
    const { page, pageSize, range } = pageOf(req.query);
    const { total, items } = await waitingList(deps, range, new Date());
    res.json({ total, page, pageSize, waiting: items });
  });

  /** The agenda of the meeting sitting now (or the next one): who waits, highest priority first, with suggested workers. */
  router.get('/agenda', async (req, res) => {
    const { page, pageSize, range } = pageOf(req.query);
    const { meeting, total, items } = await meetingAgenda(deps, range, new Date());
    res.json({ meeting, total, page, pageSize, items });
  });

  router.get('/meetings', async (_req, res) => {
    res.json({ meetings: await deps.rac.meetings(52) });
  });

  router.get('/meetings/:id', async (req, res) => {
    const { id } = parseBody(meetingParams, req.params);
    res.json(await meetingRecord(deps, id).catch(problem));
  });

  router.post('/meetings/:id/decisions', async (req, res) => {
    const { id } = parseBody(meetingParams, req.params);
    const decision = parseBody(racDecisionSchema, req.body);
    res.status(201).json(await decide(deps, id, decision, currentUser(res).id).catch(problem));
  });
  return router;
}
