// /api/contacts: record a contact and start its journey; read a contact and where its journey stands.
import { Router } from 'express';
import { z } from 'zod';
import { block } from '../domain/text';
import { newContactSchema } from '../domain/contact';
import { ContactNotFound, NotUrgent, receiveContact, showNotUrgent, viewContact, type AccessLog, type ContactRepository, type JourneyEngine } from '../domain/contacts';
import { missingItems, type ReferralRepository } from '../domain/referral';
import { exportHeldData, NoSuchPerson, type SubjectAccessStore } from '../domain/subject-access';
import { AppError } from '../errors';
import { subjectAccessPage } from './subject-access-page';
import type { ReadModel } from '../store/read-model';
import { currentUser } from './auth';
import { parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const idSchema = z.object({ id: z.string().uuid('is not a contact id') });
/** UK GDPR Art. 15: the request's reference (the council's case number for it), and readable or JSON. */
const exportQuery = z.object({
  reference: z.string().trim().min(1, 'give the subject access request\'s reference').max(100),
  format: z.enum(['json', 'html']).default('json'),
}).strict();
/** G1 (Caldicott 1, justify the purpose): the whole record is read deliberately, saying why; the reason is in the access log. */
const purposeQuery = z.object({ purpose: z.string().trim().min(3, 'say why you are reading the whole record').max(200) }).strict();
/** C4: the evidence that a contact treated as urgent is not, in the advisor's words. */
const notUrgentSchema = z.object({ urgent: z.literal(false), evidence: block(2000) }).strict();

/** What each route takes (the OpenAPI document is made from these). */
export const contactRequests = {
  'POST /api/contacts': { body: newContactSchema, success: 201 },
  'GET /api/contacts/:id': { params: idSchema, query: purposeQuery },
  'GET /api/contacts/:id/access': { params: idSchema },
  'GET /api/contacts/:id/export': { params: idSchema, query: exportQuery },
  'PUT /api/contacts/:id/urgency': { params: idSchema, body: notUrgentSchema },
} satisfies RequestSchemas;

export function contactsRouter(deps: {
  contacts: ContactRepository; engine: JourneyEngine; accessLog: AccessLog; readModel: ReadModel; referrals: ReferralRepository; subjectAccess: SubjectAccessStore;
}): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const contact = parseBody(newContactSchema, req.body);
    const { id, processInstanceKey } = await receiveContact(deps, contact, currentUser(res).id);
    const self = `/api/contacts/${id}`;
    res.status(201).location(self).json({ id, processInstanceKey, stage: 'received', links: { self } });
  });

  // UK GDPR Art. 15: everything held about the person, for the information governance team; itself in the access log.
  router.get('/:id/export', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const { reference, format } = parseBody(exportQuery, req.query);
    try {
      const held = await exportHeldData(deps, id, { reference, exportedBy: currentUser(res).id, at: new Date() });
      res.attachment(`subject-access-${reference.replace(/[^A-Za-z0-9-]+/g, '-')}.${format}`);
      if (format === 'html') res.type('html').send(subjectAccessPage(held));
      else res.json(held);
    } catch (err) {
      if (err instanceof NoSuchPerson) throw new AppError(404, 'No such contact', `There is no contact ${id}.`);
      throw err;
    }
  });

  router.get('/:id/access', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const contact = await deps.contacts.find(id);
    if (!contact) throw new AppError(404, 'No such contact', `There is no contact ${id}.`);
    res.json({ contactId: id, access: await deps.accessLog.list(id, contact.person.nhsNumber) });
  });

  // C4: an advisor or manager records the evidence that a contact treated as urgent is not; a triage waiting is lowered.
  router.put('/:id/urgency', async (req, res) => {
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
    const { purpose } = parseBody(purposeQuery, req.query);
    const record = await viewContact({ ...deps, decisions: deps.readModel }, id, { userId: currentUser(res).id, what: 'the whole record', why: purpose });
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
