// Job "alert-allocated-worker": tells the allocated worker what the front door did on their behalf and how follow-up happens (T7).
import { z } from 'zod';
import { alertAllocatedWorker, type CommunicationDeps } from '../src/domain/communications';
import { defineWorker } from '../src/engine/worker';

export const createAlertAllocatedWorkerWorker = (deps: CommunicationDeps) =>
  defineWorker({
    type: 'alert-allocated-worker',
    input: z.object({ contactId: z.string().uuid(), allocatedWorkerId: z.string().min(1) }),
    output: z.object({}),
    async handle({ contactId, allocatedWorkerId }) {
      await alertAllocatedWorker(deps, contactId, allocatedWorkerId);
      return {};
    },
  });
