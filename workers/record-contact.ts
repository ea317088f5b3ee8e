// Job "record-contact": marks the contact recorded on its case record and links the journey (C2).
import { z } from 'zod';
import { recordContact, type ContactRepository } from '../src/domain/contacts';
import { defineWorker } from '../src/engine/worker';

export const createRecordContactWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'record-contact',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({}),
    async handle({ contactId }, job) {
      await recordContact(deps.contacts, contactId, job.processInstanceId);
      return {};
    },
  });
