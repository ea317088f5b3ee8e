// Job "tell-worker-unavailable": the away worker is left a message and the person told when to expect their call (T3, T4).
import { z } from 'zod';
import { callBackDeadline, tellWorkerUnavailable, type TransferDeps } from '../src/domain/transfers';
import { engineTime } from '../src/engine/clock';
import { defineWorker } from '../src/engine/worker';

export const createTellWorkerUnavailableWorker = (deps: TransferDeps) =>
  defineWorker({
    type: 'tell-worker-unavailable',
    input: z.object({
      contactId: z.string().uuid(),
      allocatedWorkerId: z.string().min(1),
      returnKnown: z.boolean(),
      /** When the worker is back, as check-named-worker found it; null when not known. */
      returnsAt: z.string().datetime({ offset: true }).nullable(),
      /** How long after their return, or from now, the person should expect a call (the call-back-time table). */
      callBackWithin: z.string().regex(/^P/, 'must be an ISO 8601 duration'),
      // The engine's time as the task was created, so a moved engine clock is the deadline's clock.
      toldAt: engineTime,
      transferReason: z.string(),
    }),
    /** The call-back deadline, ISO 8601: the call-back task's due date and its timer in receiving a contact. */
    output: z.object({ callBackBy: z.string().datetime() }),
    async handle({ contactId, allocatedWorkerId, returnKnown, returnsAt, callBackWithin, toldAt, transferReason }) {
      const callBackBy = callBackDeadline(returnKnown && returnsAt ? new Date(returnsAt) : null, toldAt, callBackWithin);
      await tellWorkerUnavailable(deps, contactId, allocatedWorkerId, callBackBy, transferReason);
      return { callBackBy: callBackBy.toISOString() };
    },
  });
