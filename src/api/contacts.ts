// /api/contacts: record a contact and start its journey; read a contact and where its journey stands.
import { Router } from 'express';
import { z } from 'zod';
import { newContactSchema } from '../domain/contact';
import { ContactNotFound, NotUrgent, receiveContact, showNotUrgent, viewContact, type AccessLog, type ContactRepository, type JourneyEngine } from '../domain/contacts';
import { AppError } from '../errors';
import type { ReadModel } from '../store/read-model';
import { currentUser, requireGroup } from './auth';
import { parseBody } from './problem';

const idSchema = z.object({ id: z.string().uuid('is not a contact id') });
/** C4: the evidence that a contact treated as urgent is not, in the advisor's words. */
const notUrgentSchema = z.object({ urgent: z.literal(false), evidence: z.string().trim().min(1).max(2000) }).strict();

export function contactsRouter(deps: { contacts: ContactRepository; engine: JourneyEngine; accessLog: AccessLog; readModel: ReadModel }): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const contact = parseBody(newContactSchema, req.body);
    const { id, processInstanceKey } = await receiveContact(deps, contact, currentUser(res).id);
    const self = `/api/contacts/${id}`;
    res.status(201).location(self).json({ id, processInstanceKey, stage: 'received', links: { self } });
  });

  router.get('/:id/access', requireGroup('team-managers'), async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    if (!(await deps.contacts.find(id))) throw new AppError(404, 'No such contact', `There is no contact ${id}.`);
    res.json({ contactId: id, access: await deps.accessLog.list(id) });
  });

  // C4: an advisor or manager records the evidence that a contact treated as urgent is not; a triage waiting is lowered.
  router.put('/:id/urgency', requireGroup('contact-advisors', 'team-managers'), async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const { evidence } = parseBody(notUrgentSchema, req.body);
    try {
      res.json(await showNotUrgent(deps, id, evidence, currentUser(res).id));
    } catch (err) {
      if (err instanceof ContactNotFound) throw new AppError(404, 'No such contact', `There is no contact ${id}.`);
      if (err instanceof NotUrgent) throw new AppError(409, 'The contact is not treated as urgent', 'It was not marked urgent, or the evidence that it is not urgent is already recorded.');
      throw err;
    }
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const record = await viewContact({ ...deps, decisions: deps.readModel }, id, { userId: currentUser(res).id, purpose: 'view-contact' });
    if (!record) throw new AppError(404, 'No such contact', `There is no contact ${id}.`);
    res.json(record);
  });

  return router;
}
