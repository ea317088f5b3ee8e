// Job "check-named-worker": is the worker or team asked for the person's allocated worker or responsible team, and who is free (T1, T2).
import { z } from 'zod';
import { checkTransfer, type TransferDeps } from '../src/domain/transfers';
import { defineWorker } from '../src/engine/worker';

export const createCheckNamedWorkerWorker = (deps: Pick<TransferDeps, 'contacts' | 'practitioners'>) =>
  defineWorker({
    type: 'check-named-worker',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({
      knownToCouncil: z.boolean(),
      askedFor: z.enum(['worker', 'team', 'nothing']),
      askedWorkerVerified: z.boolean(),
      askedTeamVerified: z.boolean(),
      hasAllocatedWorker: z.boolean(),
      workerAvailable: z.boolean(),
      returnKnown: z.boolean(),
      returnsAt: z.string().nullable(),
      colleagueAvailable: z.boolean(),
      allocatedWorkerId: z.string().nullable(),
      colleagueId: z.string().nullable(),
      askedTeamId: z.string().nullable(),
    }),
    async handle({ contactId }) {
      // The calendars hold wall-clock absences, so availability is judged on the wall clock.
      return checkTransfer(deps, contactId, new Date());
    },
  });
