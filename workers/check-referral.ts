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
      /** The names of the missing items as one line of text, for the task: never their content. */
      missingItems: z.array(z.string()).transform((names) => names.join('; ')),
      // The skills a worker needs are the RAC panel's to weigh (from the referral), not the journey's: a list is no routing fact.
    }).merge(referralFactsSchema.omit({ skillsNeeded: true }).strip()),
    handle: ({ referralId }, job) => checkReferral(deps, referralId, job.processInstanceId),
  });
