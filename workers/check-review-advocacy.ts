// Job "check-review-advocacy": the facts the advocacy duty is decided on for a review, from the person's last referral (V1, V2).
import { z } from 'zod';
import { reviewAdvocacyFacts, type ReviewDeps } from '../src/domain/reviews';
import { defineWorker } from '../src/engine/worker';

export const createCheckReviewAdvocacyWorker = (deps: Pick<ReviewDeps, 'referrals'>) =>
  defineWorker({
    type: 'check-review-advocacy',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({
      careAndSupportProcess: z.literal('review'), substantialDifficulty: z.boolean(), appropriateOtherPerson: z.boolean(),
      detainedUnderMentalHealthAct: z.boolean(), lacksCapacity: z.boolean(),
    }),
    handle: ({ contactId }) => reviewAdvocacyFacts(deps, contactId),
  });
