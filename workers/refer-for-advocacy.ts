// Job "refer-for-advocacy": the referral to an advocacy provider, made as soon as the duty applies (V2, V4).
import { z } from 'zod';
import { ADVOCATE_KINDS, CARE_AND_SUPPORT_PROCESSES, referForAdvocacy, type AdvocacyDeps } from '../src/domain/advocacy';
import { defineWorker } from '../src/engine/worker';

export const createReferForAdvocacyWorker = (deps: Omit<AdvocacyDeps, 'advocacyEngine'>) =>
  defineWorker({
    type: 'refer-for-advocacy',
    input: z.object({
      caseId: z.string().uuid(),
      forId: z.string().min(1),
      careAndSupportProcess: z.enum(CARE_AND_SUPPORT_PROCESSES),
      /** V5: the one advocate chosen when an IMCA or IMHA is also due; otherwise a Care Act advocate. */
      kind: z.enum(ADVOCATE_KINDS).default('care-act'),
    }),
    output: z.object({ advocacyId: z.string().uuid(), providerFound: z.boolean() }),
    handle: ({ caseId, forId, careAndSupportProcess, kind }) => referForAdvocacy(deps, { caseId, forId, process: careAndSupportProcess, kind }),
  });
