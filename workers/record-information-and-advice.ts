// Job "record-information-and-advice": records the advice given and when, by risk, it will be followed up (C2, U1).
import { z } from 'zod';
import { RISKS } from '../src/domain/contact';
import { recordInformationAndAdvice, type ContactRepository } from '../src/domain/contacts';
import { defineWorker } from '../src/engine/worker';

export const createRecordInformationAndAdviceWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'record-information-and-advice',
    input: z.object({
      contactId: z.string().uuid(),
      risk: z.enum(RISKS),
      followUpAfter: z.string().regex(/^P/, 'must be an ISO 8601 duration'),
    }),
    output: z.object({}),
    async handle({ contactId, risk, followUpAfter }) {
      await recordInformationAndAdvice(deps.contacts, contactId, risk, followUpAfter);
      return {};
    },
  });
