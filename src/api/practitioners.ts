// /api/directory teams, practitioners, absences and allocations: read by staff, kept up to date by team managers (T1, T2).
import { Router } from 'express';
import { z } from 'zod';
import {
  allocationProblems,
  allocationSchema,
  availabilityAt,
  newAbsenceSchema,
  practitionerIdSchema,
  practitionerSchema,
  practitionerUpdateSchema,
  teamIdSchema,
  teamSchema,
  teamUpdateSchema,
} from '../domain/practitioners';
import { nhsNumberSchema } from '../domain/nhs-number';
import { AppError } from '../errors';
import { DirectoryConflict, type PractitionerStore } from '../store/practitioners';
import type { AccessLog } from '../domain/contacts';
import { currentUser } from './auth';
import { invalidFields, parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const invalid = (errors: { field: string; detail: string }[]) => invalidFields(errors.map((e) => ({ pointer: `#/${e.field}`, detail: e.detail })));

/** A duplicate is a 409; a reference to something not in the directory is the request's field at fault. */
async function orConflict<T>(work: Promise<T>, what: string): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof DirectoryConflict)) throw err;
    if (err.kind === 'duplicate') throw new AppError(409, `The ${what} is already in the directory`, `Another ${what} has that ${err.field}; nothing was recorded.`);
    throw invalid([{ field: err.field, detail: 'is not in the directory' }]);
  }
}

const teamParams = z.object({ id: teamIdSchema });
const practitionerParams = z.object({ id: practitionerIdSchema });
const absenceParams = z.object({ id: practitionerIdSchema, absenceId: z.string().regex(/^[1-9]\d{0,17}$/, 'is not an absence id') });
const personParams = z.object({ nhsNumber: nhsNumberSchema });
const teamQuery = z.object({ team: teamIdSchema.optional() });

/** What each route takes (the OpenAPI document is made from these). */
export const directoryPeopleRequests = {
  'GET /api/directory/teams': {},
  'POST /api/directory/teams': { body: teamSchema, success: 201 },
  'GET /api/directory/teams/:id': { params: teamParams },
  'PUT /api/directory/teams/:id': { params: teamParams, body: teamUpdateSchema },
  'GET /api/directory/practitioners': { query: teamQuery },
  'POST /api/directory/practitioners': { body: practitionerSchema, success: 201 },
  'GET /api/directory/practitioners/:id': { params: practitionerParams },
  'PUT /api/directory/practitioners/:id': { params: practitionerParams, body: practitionerUpdateSchema },
  'POST /api/directory/practitioners/:id/absences': { params: practitionerParams, body: newAbsenceSchema, success: 201 },
  'DELETE /api/directory/practitioners/:id/absences/:absenceId': { params: absenceParams, success: 204 },
  'GET /api/directory/people/:nhsNumber/allocation': { params: personParams },
  'PUT /api/directory/people/:nhsNumber/allocation': { params: personParams, body: allocationSchema },
} satisfies RequestSchemas;

export function practitionersRouter(deps: { practitioners: PractitionerStore; accessLog: AccessLog; engineNow: () => Promise<Date> }): Router {
  const store = deps.practitioners;
  const router = Router();

  const practitionerOr404 = async (id: string) => {
    const p = await store.findPractitioner(id);
    if (!p) throw new AppError(404, 'No such practitioner', `The directory has no practitioner ${id}.`);
    return p;
  };

  router.get('/teams', async (_req, res) => {
    res.json({ teams: await store.listTeams() });
  });
  router.post('/teams', async (req, res) => {
    const team = await orConflict(store.createTeam(parseBody(teamSchema, req.body)), 'team');
    res.status(201).location(`/api/directory/teams/${team.id}`).json(team);
  });
  router.get('/teams/:id', async (req, res) => {
    const { id } = parseBody(teamParams, req.params);
    const team = await store.findTeam(id);
    if (!team) throw new AppError(404, 'No such team', `The directory has no team ${id}.`);
    const members = (await store.teamMembers(id)).map(({ id: memberId, name, role, phone, email }) => ({ id: memberId, name, role, phone, email }));
    res.json({ ...team, members });
  });
  router.put('/teams/:id', async (req, res) => {
    const { id } = parseBody(teamParams, req.params);
    const team = await orConflict(store.updateTeam({ id, ...parseBody(teamUpdateSchema, req.body) }), 'team');
    if (!team) throw new AppError(404, 'No such team', `The directory has no team ${id}; nothing was recorded.`);
    res.json(team);
  });

  router.get('/practitioners', async (req, res) => {
    const { team } = parseBody(teamQuery, req.query);
    res.json({ practitioners: await store.listPractitioners(team !== undefined ? { team } : {}) });
  });
  router.post('/practitioners', async (req, res) => {
    const practitioner = await orConflict(store.createPractitioner(parseBody(practitionerSchema, req.body)), 'practitioner');
    res.status(201).location(`/api/directory/practitioners/${practitioner.id}`).json(practitioner);
  });
  router.get('/practitioners/:id', async (req, res) => {
    const { id } = parseBody(practitionerParams, req.params);
    const practitioner = await practitionerOr404(id);
    // Availability as the engine's clock has it, so it agrees with the deadlines the journeys keep.
    const now = await deps.engineNow();
    const absences = await store.listAbsences(id, now);
    res.json({ ...practitioner, availability: { at: now, ...availabilityAt(absences, now) }, absences });
  });
  router.put('/practitioners/:id', async (req, res) => {
    const { id } = parseBody(practitionerParams, req.params);
    const practitioner = await orConflict(store.updatePractitioner({ id, ...parseBody(practitionerUpdateSchema, req.body) }), 'practitioner');
    if (!practitioner) throw new AppError(404, 'No such practitioner', `The directory has no practitioner ${id}; nothing was recorded.`);
    res.json(practitioner);
  });

  router.post('/practitioners/:id/absences', async (req, res) => {
    const { id } = parseBody(practitionerParams, req.params);
    const absence = parseBody(newAbsenceSchema, req.body);
    await practitionerOr404(id);
    const added = await orConflict(store.addAbsence(id, absence), 'absence');
    res.status(201).location(`/api/directory/practitioners/${id}/absences/${added.id}`).json(added);
  });
  router.delete('/practitioners/:id/absences/:absenceId', async (req, res) => {
    const { id, absenceId } = parseBody(absenceParams, req.params);
    if (!(await store.removeAbsence(id, absenceId))) throw new AppError(404, 'No such absence', `Practitioner ${id} has no absence ${absenceId}.`);
    res.status(204).end();
  });

  router.get('/people/:nhsNumber/allocation', async (req, res) => {
    const { nhsNumber } = parseBody(personParams, req.params);
    // G1: who is allocated to a person is their data: the read is logged under their NHS number.
    await deps.accessLog.record({ subject: { nhsNumber }, userId: currentUser(res).id, what: 'who is allocated to them', why: 'to find their worker or team' });
    const allocation = await store.findAllocation(nhsNumber);
    if (!allocation) throw new AppError(404, 'Not known to the council', 'No allocation is recorded for that NHS number.');
    res.json(allocation);
  });
  router.put('/people/:nhsNumber/allocation', async (req, res) => {
    const { nhsNumber } = parseBody(personParams, req.params);
    const update = parseBody(allocationSchema, req.body);
    const problems = await allocationProblems({ practitioners: store }, update);
    if (problems.length > 0) throw invalid(problems);
    const { allocation, created } = await orConflict(store.setAllocation(nhsNumber, update), 'allocation');
    res.status(created ? 201 : 200).json(allocation);
  });

  return router;
}
