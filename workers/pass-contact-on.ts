// Job "pass-contact-on": transfers the contact by a message saying where it is recorded; a colleague's taking it is told to the worker (T5, T3).
import { z } from 'zod';
import { passContactOn, type TransferDeps } from '../src/domain/transfers';
import { defineWorker } from '../src/engine/worker';

export const createPassContactOnWorker = (deps: TransferDeps) =>
  defineWorker({
    type: 'pass-contact-on',
    input: z.object({
      contactId: z.string().uuid(),
      // What the transfer-or-manage table decided (T6).
      transferAction: z.literal('transfer'),
      transferTo: z.enum(['allocated-worker', 'colleague', 'responsible-team']),
      transferReason: z.string(),
      allocatedWorkerId: z.string().nullable(),
      colleagueId: z.string().nullable(),
      askedTeamId: z.string().nullable(),
    }),
    output: z.object({ transferredTo: z.string() }),
    async handle({ contactId, transferTo, transferReason, allocatedWorkerId, colleagueId, askedTeamId }) {
      return { transferredTo: await passContactOn(deps, contactId, { target: transferTo, allocatedWorkerId, colleagueId, askedTeamId, reason: transferReason }) };
    },
  });
