// Job "announce-advocacy-settled": an advocate is in place or the person declined, so the process waiting may begin (V3).
import { z } from 'zod';
import { CARE_AND_SUPPORT_PROCESSES, type AdvocacyEngine } from '../src/domain/advocacy';
import { defineWorker } from '../src/engine/worker';

export const createAnnounceAdvocacySettledWorker = (deps: { advocacyEngine: AdvocacyEngine }) =>
  defineWorker({
    type: 'announce-advocacy-settled',
    input: z.object({ forId: z.string().min(1), careAndSupportProcess: z.enum(CARE_AND_SUPPORT_PROCESSES) }),
    output: z.object({}),
    async handle({ forId, careAndSupportProcess }) {
      await deps.advocacyEngine.settled(forId, careAndSupportProcess);
      return {};
    },
  });
