// /api/directory: the signposting directory that advisors search when giving information and advice.
import { Router } from 'express';
import { z } from 'zod';
import { directoryQuerySchema } from '../domain/directory';
import { AppError } from '../errors';
import type { Directory } from '../store/directory';
import { parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const serviceParams = z.object({ id: z.string().regex(/^[a-z0-9-]+$/, 'is not a service id') });

/** What each route takes (the OpenAPI document is made from these). */
export const directoryRequests = {
  'GET /api/directory/services': { query: directoryQuerySchema },
  'GET /api/directory/services/:id': { params: serviceParams },
} satisfies RequestSchemas;

export function directoryRouter(deps: { directory: Directory }): Router {
  const router = Router();
  router.get('/services', async (req, res) => {
    const query = parseBody(directoryQuerySchema, req.query);
    res.json({ services: await deps.directory.search(query) });
  });
  router.get('/services/:id', async (req, res) => {
    const { id } = parseBody(serviceParams, req.params);
    const service = await deps.directory.find(id);
    if (!service) throw new AppError(404, 'No such service', `The directory has no service ${id}.`);
    res.json(service);
  });
  return router;
}
