// /api/referrals: a referral's 14 items and facts, read by staff and updated as missing information is gathered (F2, A3).
import { Router } from 'express';
import { z } from 'zod';
import type { AccessLog } from '../domain/contacts';
import { missingItems, referralUpdateSchema, type ReferralRepository } from '../domain/referral';
import { ReferralNotFound, updateReferral, type ReferralEngine } from '../domain/referrals';
import type { ContactRepository } from '../domain/contacts';
import { AppError } from '../errors';
import { currentUser } from './auth';
import { parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const idSchema = z.object({ id: z.string().uuid('is not a referral id') });

/** What each route takes (the OpenAPI document is made from these). */
export const referralRequests = {
  'GET /api/referrals/:id': { params: idSchema },
  'PATCH /api/referrals/:id': { params: idSchema, body: referralUpdateSchema },
} satisfies RequestSchemas;

export function referralsRouter(deps: { referrals: ReferralRepository; contacts: ContactRepository; accessLog: AccessLog; referralEngine: ReferralEngine }): Router {
  const router = Router();

  async function view(id: string, userId: string, why: string) {
    const r = await deps.referrals.find(id);
    if (!r) throw new AppError(404, 'No such referral', `There is no referral ${id}.`);
    const contact = await deps.contacts.find(r.contactId);
    // G1: a referral is the person's record too; every read is logged against their contact.
    await deps.accessLog.record({ subject: { contactId: r.contactId }, userId, what: 'a referral', why });
    const missing = missingItems(r, { madeByThePerson: contact?.madeBy.kind !== 'someone-else' });
    // Each missing item with its blank parts and the same words the gathering task shows.
    return { ...r, missingItems: missing, complete: missing.length === 0 };
  }

  router.get('/:id', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    res.json(await view(id, currentUser(res).id, 'to read the referral'));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parseBody(idSchema, req.params);
    const change = parseBody(referralUpdateSchema, req.body);
    try {
      await updateReferral(deps, id, change);
    } catch (err) {
      if (err instanceof ReferralNotFound) throw new AppError(404, 'No such referral', `There is no referral ${id}.`);
      throw err;
    }
    res.json(await view(id, currentUser(res).id, 'to add to the referral'));
  });
  return router;
}
