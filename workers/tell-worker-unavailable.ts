// Job "tell-worker-unavailable": the away worker is left a message and the person told when to expect their call (T3, T4).
import { z } from 'zod';
import { tellWorkerUnavailable, type TransferDeps } from '../src/domain/transfers';
import { defineWorker } from '../src/engine/worker';

export const createTellWorkerUnavailableWorker = (deps: TransferDeps) =>
  defineWorker({
    type: 'tell-worker-unavailable',
    input: z.object({
      contactId: z.string().uuid(),
      allocatedWorkerId: z.string().min(1),
      // A FEEL date-time reaches a worker as "2026-11-24T13:00Z[Etc/UTC]" or "2026-11-24T13:00@Etc/UTC": the zone name is
      // dropped (the offset, or UTC, remains).
      callBackBy: z.string().transform((s, ctx) => {
        const d = new Date(s.replace(/\[.*\]$/, '').replace(/@.*$/, 'Z'));
        if (Number.isNaN(d.getTime())) ctx.addIssue({ code: 'custom', message: 'is not a date and time' });
        return d;
      }),
      transfer: z.object({ reason: z.string() }),
    }),
    output: z.object({}),
    async handle({ contactId, allocatedWorkerId, callBackBy, transfer }) {
      await tellWorkerUnavailable(deps, contactId, allocatedWorkerId, callBackBy, transfer.reason);
      return {};
    },
  });
