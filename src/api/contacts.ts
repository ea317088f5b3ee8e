// /api/contacts: record a contact and start its journey; read a contact and where its journey stands.
import { Router } from 'express';
import { z } from 'zod';
import { block } from '../domain/text';
import { newContactSchema } from '../domain/contact';
import { ContactNotFound, NotUrgent, receiveContact, showNotUrgent, viewContact, type AccessLog, type ContactRepository, type JourneyEngine } from '../domain/contacts';
import { missingItems, type ReferralRepository } from '../domain/referral';
import { AppError } from '../errors';
import type { ReadModel } from '../store/read-model';
import { currentUser, requireGroup } from './auth';
import { parseBody } from './problem';

const idSchema = z.object({ id: z.string().uuid('is not a contact id') });
/** C4: the evidence that a contact treated as urgent is not, in the advisor's words. */
const notUrgentSchema = z.object({ urgent: z.literal(false), evidence: block(2000) }).strict();

export function contactsRouter(deps: { contacts: ContactRepository; engine: JourneyEngine; accessLog: AccessLog; readModel: ReadModel; referrals: ReferralRepository }): Router {
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
    // The read above is in the access log (G1); the case's referrals and journeys are part of the same record.
    const madeByThePerson = record.madeBy.kind !== 'someone-else';
    // The record is the case store's: with the engine out of reach it is still shown, its journeys said to be unknown.
    const [referrals, journeys] = await Promise.all([
      deps.referrals.forContact(id),
      deps.readModel.caseJourneys(id).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 503) return null;
        throw err;
      }),
    ]);
    res.json({
      ...record,
      /** Every referral of the case, the first contact's and reassessments after reviews (U4), oldest first. */
      referrals: referrals.map((r) => {
        const missing = missingItems(r, { madeByThePerson });
        return {
          id: r.id, kind: r.kind, status: r.status, team: r.team, allocatedWorker: r.allocatedWorker, createdAt: r.createdAt,
          complete: missing.length === 0, missingItems: missing.map((m) => m.description), links: { self: `/api/referrals/${r.id}` },
        };
      }),
      /** Every journey of the case, the contact's and those it led to, with what each is about. */
      journeys,
    });
  });

  return router;
}
