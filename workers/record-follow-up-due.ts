// Job "record-follow-up-due": the follow-up timer has fired; the case record shows the follow-up call is due (U1).
import { z } from 'zod';
import { recordFollowUpDue, type ContactRepository } from '../src/domain/contacts';
import { defineWorker } from '../src/engine/worker';

export const createRecordFollowUpDueWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'record-follow-up-due',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({}),
    async handle({ contactId }) {
      await recordFollowUpDue(deps.contacts, contactId);
      return {};
    },
  });
