// Job "record-information-and-advice": records the advice given, when (by risk) and by whom it will be followed up, and
// when the follow-up falls due (C2, C8, U1).
import { z } from 'zod';
import { calendarDateSchema } from '../src/domain/calendar-date';
import { RISKS } from '../src/domain/contact';
import { recordInformationAndAdvice, type ContactRepository } from '../src/domain/contacts';
import type { PractitionerLookup } from '../src/domain/practitioners';
import { FOLLOW_UP_BY } from '../src/domain/tasks';
import { engineTime } from '../src/engine/clock';
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
      /** The day agreed with the person at triage (C8). */
      nextContactBy: calendarDateSchema,
      // The engine's time as the task was created, so a moved engine clock is the follow-up's clock.
      recordedAt: engineTime,
    }),
    /**
     * The worker the follow-up call goes to, when it is the allocated worker's; and when the follow-up falls due, as
     * ISO 8601 (the model's follow-up timer).
     */
    output: z.object({ followUpWorker: z.string().optional(), followUpDueAt: z.string().datetime() }),
    handle: ({ contactId, risk, followUpAfter, followUpBy, nextContactBy, recordedAt }) =>
      recordInformationAndAdvice(deps, contactId, risk, followUpAfter, followUpBy, nextContactBy, recordedAt),
  });
