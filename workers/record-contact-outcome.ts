// Job "record-contact-outcome": triage passed the contact on (prevention, assessment, review); the outcome is recorded (C12).
import { z } from 'zod';
import { OUTCOMES } from '../src/domain/tasks';
import { recordContactOutcome, type ContactRepository } from '../src/domain/contacts';
import { defineWorker } from '../src/engine/worker';

export const createRecordContactOutcomeWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'record-contact-outcome',
    input: z.object({ contactId: z.string().uuid(), outcome: z.enum(OUTCOMES) }),
    output: z.object({}),
    async handle({ contactId, outcome }) {
      await recordContactOutcome(deps.contacts, contactId, outcome);
      return {};
    },
  });
