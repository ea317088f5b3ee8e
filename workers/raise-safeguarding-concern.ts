// Job "raise-safeguarding-concern": raises the concern at once and records it, marking imminent danger (C10).
import { z } from 'zod';
import { raiseSafeguardingConcern, type ContactRepository } from '../src/domain/contacts';
import { defineWorker } from '../src/engine/worker';

export const createRaiseSafeguardingConcernWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'raise-safeguarding-concern',
    input: z.object({ contactId: z.string().uuid(), imminentDanger: z.boolean() }),
    output: z.object({}),
    async handle({ contactId, imminentDanger }) {
      await raiseSafeguardingConcern(deps.contacts, contactId, imminentDanger);
      return {};
    },
  });
