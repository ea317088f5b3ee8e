// Job "record-information-and-advice": records the advice given, when (by risk) and by whom it will be followed up (C2, U1).
import { z } from 'zod';
import { RISKS } from '../src/domain/contact';
import { recordInformationAndAdvice, type ContactRepository } from '../src/domain/contacts';
import type { PractitionerLookup } from '../src/domain/practitioners';
import { FOLLOW_UP_BY } from '../src/domain/tasks';
import { defineWorker } from '../src/engine/worker';

export const createRecordInformationAndAdviceWorker = (deps: { contacts: ContactRepository; practitioners: Pick<PractitionerLookup, 'findAllocation'> }) =>
  defineWorker({
    type: 'record-information-and-advice',
    input: z.object({
      contactId: z.string().uuid(),
      risk: z.enum(RISKS),
      followUpAfter: z.string().regex(/^P/, 'must be an ISO 8601 duration'),
      // Left out at triage (or before U1 asked), the contact team follows up.
      followUpBy: z.enum(FOLLOW_UP_BY).nullish().transform((v) => v ?? 'contact-team'),
    }),
    /** The worker the follow-up call goes to, when it is the allocated worker's. */
    output: z.object({ followUpWorker: z.string().optional() }),
    handle: ({ contactId, risk, followUpAfter, followUpBy }) => recordInformationAndAdvice(deps, contactId, risk, followUpAfter, followUpBy),
  });
