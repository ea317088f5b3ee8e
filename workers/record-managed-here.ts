// Job "record-managed-here": the front door manages the contact rather than transferring it; the case shows why (T6).
import { z } from 'zod';
import { recordManagedHere, type TransferDeps } from '../src/domain/transfers';
import { defineWorker } from '../src/engine/worker';

export const createRecordManagedHereWorker = (deps: Pick<TransferDeps, 'contacts'>) =>
  defineWorker({
    type: 'record-managed-here',
    input: z.object({ contactId: z.string().uuid(), transferReason: z.string() }),
    output: z.object({}),
    async handle({ contactId, transferReason }) {
      await recordManagedHere(deps, contactId, transferReason);
      return {};
    },
  });
