// Job "record-waiting-check": someone has checked on the person while they wait for allocation (A3).
import { z } from 'zod';
import { recordRecheck, type ReferralDeps } from '../src/domain/referrals';
import { defineWorker } from '../src/engine/worker';

export const createRecordWaitingCheckWorker = (deps: Pick<ReferralDeps, 'referrals'>) =>
  defineWorker({
    type: 'record-waiting-check',
    input: z.object({ referralId: z.string().uuid() }),
    output: z.object({}),
    async handle({ referralId }) {
      await recordRecheck(deps, referralId);
      return {};
    },
  });
