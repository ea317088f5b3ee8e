// Job "check-reviewer": who should carry out an unplanned review: the allocated worker, and are they available (U3).
import { z } from 'zod';
import type { ContactRepository } from '../src/domain/contacts';
import type { PractitionerLookup } from '../src/domain/practitioners';
import { checkReviewer } from '../src/domain/reviews';
import { defineWorker } from '../src/engine/worker';

export const createCheckReviewerWorker = (deps: { contacts: ContactRepository; practitioners: PractitionerLookup }) =>
  defineWorker({
    type: 'check-reviewer',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({ hasAllocatedWorker: z.boolean(), allocatedWorkerAvailable: z.boolean(), allocatedWorker: z.string().optional() }),
    handle: ({ contactId }) => checkReviewer(deps, contactId, new Date()),
  });
