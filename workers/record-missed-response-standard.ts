// Job "record-missed-response-standard": the contact was not triaged within 2 hours; the breach is kept on the case (C11).
import { z } from 'zod';
import { recordMissedResponseStandard, type ContactRepository } from '../src/domain/contacts';
import { defineWorker } from '../src/engine/worker';

export const createRecordMissedResponseStandardWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'record-missed-response-standard',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({}),
    async handle({ contactId }) {
      await recordMissedResponseStandard(deps.contacts, contactId);
      return {};
    },
  });
