// Job "record-consent-answer": the person's answer when asked for consent goes on the case; a refusal means information and advice (C1, F1).
import { z } from 'zod';
import { recordConsentAnswer, type ContactRepository } from '../src/domain/contacts';
import { CONSENT_ANSWERS, OUTCOMES } from '../src/domain/tasks';
import { defineWorker } from '../src/engine/worker';

export const createRecordConsentAnswerWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'record-consent-answer',
    input: z.object({ contactId: z.string().uuid(), consentAnswer: z.enum(CONSENT_ANSWERS), outcome: z.enum(OUTCOMES) }),
    /** The outcome the journey carries on with, and consent as it now stands (read by the next decision's form). */
    output: z.object({ outcome: z.enum(OUTCOMES), consentConfirmed: z.enum(['consent', 'not-confirmed']) }),
    async handle({ contactId, consentAnswer, outcome }) {
      return {
        outcome: await recordConsentAnswer(deps.contacts, contactId, consentAnswer, outcome),
        consentConfirmed: consentAnswer === 'given' ? ('consent' as const) : ('not-confirmed' as const),
      };
    },
  });
