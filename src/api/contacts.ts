// /api/contacts: record a contact and start its journey; read a contact and where its journey stands.
import { Router } from 'express';
import { z } from 'zod';
import { newContactSchema } from '../domain/contact';
import { receiveContact, viewContact, type AccessLog, type ContactRepository, type JourneyEngine } from '../domain/contacts';
import { AppError } from '../errors';
import type { ReadModel } from '../store/read-model';
import { currentUser, requireGroup } from './auth';
import { parseBody } from './problem';

const idSchema = z.object({ id: z.string().uuid('is not a contact id') });

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

  router.get('/:id', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const record = await viewContact({ ...deps, decisions: deps.readModel }, id, { userId: currentUser(res).id, purpose: 'view-contact' });
    if (!record) throw new AppError(404, 'No such contact', `There is no contact ${id}.`);
    res.json(record);
  });

  return router;
}
