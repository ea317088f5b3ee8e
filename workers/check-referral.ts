// Job "check-referral": the grounds (F1), whether the 14 items are there (F2), and the facts F3, F4 and F7 decide on.
import { z } from 'zod';
import { referralFactsSchema } from '../src/domain/referral';
import { checkReferral, type ReferralDeps } from '../src/domain/referrals';
import { defineWorker } from '../src/engine/worker';

export const createCheckReferralWorker = (deps: Pick<ReferralDeps, 'contacts' | 'referrals'>) =>
  defineWorker({
    type: 'check-referral',
    input: z.object({ referralId: z.string().uuid() }),
    // The referral's facts are all routing facts (ids, yes/no, categories), handed on as they are.
    output: z.object({
      madeByThePerson: z.boolean(),
      consented: z.boolean(),
      lacksCapacity: z.boolean(),
      bestInterestsSupports: z.boolean(),
      careAndSupportProcess: z.enum(['assessment', 'reassessment']),
      substantialDifficulty: z.boolean(),
      referralComplete: z.boolean(),
      /** The names of the missing items, for the task: never their content. */
      missingItems: z.array(z.string()),
    }).merge(referralFactsSchema.strip()),
    handle: ({ referralId }, job) => checkReferral(deps, referralId, job.processInstanceKey),
  });
