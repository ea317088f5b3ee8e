// Job "record-referral-status": what the referral journey decided: declined (F1), signposted elsewhere (F3), or waiting for the RAC meeting (F4).
import { z } from 'zod';
import { recordReferralStatus, type ReferralDeps } from '../src/domain/referrals';
import { defineWorker } from '../src/engine/worker';

export const createRecordReferralStatusWorker = (deps: Pick<ReferralDeps, 'referrals'>) =>
  defineWorker({
    type: 'record-referral-status',
    input: z.object({
      referralId: z.string().uuid(),
      status: z.enum(['declined', 'signposted-elsewhere', 'waiting-for-allocation']),
      team: z.string().optional(),
      // The rac-priority table's band and score (A2), once the referral is prioritised.
      priorityBand: z.string().optional(),
      priorityScore: z.number().int().optional(),
    }),
    output: z.object({}),
    async handle({ referralId, status, team, priorityBand, priorityScore }) {
      const priority = priorityBand !== undefined && priorityScore !== undefined ? { band: priorityBand, score: priorityScore } : undefined;
      await recordReferralStatus(deps, referralId, status, team, priority);
      return {};
    },
  });
