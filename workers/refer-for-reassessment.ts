// Job "refer-for-reassessment": the review found need or budget changed; a proportionate reassessment goes to the RAC meeting (U4).
import { z } from 'zod';
import { referForReassessment, type ReviewDeps } from '../src/domain/reviews';
import { defineWorker } from '../src/engine/worker';

export const createReferForReassessmentWorker = (deps: Omit<ReviewDeps, 'reviewEngine'>) =>
  defineWorker({
    type: 'refer-for-reassessment',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({ reassessmentId: z.string().uuid() }),
    handle: async ({ contactId }, job) => ({ reassessmentId: await referForReassessment(deps, contactId, job.processInstanceId) }),
  });
