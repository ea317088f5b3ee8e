// Job "request-review": a contact asking for a review or reassessment is passed on to the reviews journey (U3, C12).
import { z } from 'zod';
import { requestReview, type ReviewDeps } from '../src/domain/reviews';
import { defineWorker } from '../src/engine/worker';

export const createRequestReviewWorker = (deps: Pick<ReviewDeps, 'contacts' | 'reviewEngine'>) =>
  defineWorker({
    type: 'request-review',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({}),
    async handle({ contactId }) {
      await requestReview(deps, contactId);
      return {};
    },
  });
