// /api/rac: what the weekly RAC meeting works from: the waiting list, ordered by priority (A2), with how long each has waited (A3).
import { Router } from 'express';
import { z } from 'zod';
import type { ReferralRepository } from '../domain/referral';
import { requireGroup } from './auth';
import { parseBody } from './problem';

const DAY = 24 * 60 * 60 * 1000;
const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
}).strict();

export function racRouter(deps: { referrals: ReferralRepository }): Router {
  const router = Router();
  router.use(requireGroup('rac-panel', 'team-managers', 'practitioners'));
  router.get('/waiting-list', async (req, res) => {
    const { page, pageSize } = parseBody(pageQuery, req.query);
    const { referrals, total } = await deps.referrals.waitingList({ limit: pageSize, offset: (page - 1) * pageSize });
    // Waiting time is counted on the wall clock the referral was made by; identifying details stay on the referral.
    const now = Date.now();
    res.json({
      total, page, pageSize,
      waiting: referrals.map((r) => ({
        referralId: r.id, contactId: r.contactId, team: r.team, band: r.priority?.band ?? null, score: r.priority?.score ?? null,
        daysWaiting: Math.floor((now - r.createdAt.getTime()) / DAY), lastPrioritisedAt: r.priority?.at ?? null,
      })),
    });
  });
  return router;
}
