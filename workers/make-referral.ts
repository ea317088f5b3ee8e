// Job "make-referral": the first contact ends in a referral, made from what it holds, and the referral journey starts once (C12, F2).
import { z } from 'zod';
import { makeReferral, type ReferralDeps } from '../src/domain/referrals';
import { defineWorker } from '../src/engine/worker';

export const createMakeReferralWorker = (deps: ReferralDeps) =>
  defineWorker({
    type: 'make-referral',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({ referralId: z.string().uuid() }),
    async handle({ contactId }) {
      return { referralId: await makeReferral(deps, contactId) };
    },
  });
