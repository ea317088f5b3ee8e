// Job "record-contact": marks the contact recorded on its case record and links the journey (C2); a contact intake took
// back (the caller was told it was not recorded) ends the journey at "Contact not recorded".
import { z } from 'zod';
import { recordContact, type ContactRepository } from '../src/domain/contacts';
import { BusinessOutcome, defineWorker } from '../src/engine/worker';

export const createRecordContactWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'record-contact',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({}),
    async handle({ contactId }, job) {
      if ((await recordContact(deps.contacts, contactId, job.processInstanceId)) === 'not-recorded') {
        throw new BusinessOutcome('contact-not-recorded', 'The case store does not hold this contact: intake told the caller it was not recorded');
      }
      return {};
    },
  });
