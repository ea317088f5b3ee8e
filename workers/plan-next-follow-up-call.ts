// Job "plan-next-follow-up-call": the person was not reached, so the call is tried again the next working day (U1).
import { z } from 'zod';
import { nextFollowUpCallAt } from '../src/domain/contacts';
import { engineTime } from '../src/engine/clock';
import { defineWorker } from '../src/engine/worker';

export const createPlanNextFollowUpCallWorker = () =>
  defineWorker({
    type: 'plan-next-follow-up-call',
    // The engine's time as the call was found not to have reached the person, so a moved engine clock is the clock here.
    input: z.object({ triedAt: engineTime }),
    /** When the call falls due again, as ISO 8601 (the model's "Next working day" timer). */
    output: z.object({ nextCallAt: z.string().datetime() }),
    handle: ({ triedAt }) => Promise.resolve({ nextCallAt: nextFollowUpCallAt(triedAt).toISOString() }),
  });
