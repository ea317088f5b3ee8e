// Job "close-rac-meeting": the panel has finished; no more decisions at this meeting, and the undecided wait for the next.
import { z } from 'zod';
import { closeMeeting, type RacStore } from '../src/domain/rac';
import { defineWorker } from '../src/engine/worker';

export const createCloseRacMeetingWorker = (deps: { rac: RacStore }) =>
  defineWorker({
    type: 'close-rac-meeting',
    input: z.object({}),
    output: z.object({ allocated: z.number().int(), deferred: z.number().int(), closed: z.number().int(), undecided: z.number().int() }),
    handle: (_vars, job) => closeMeeting(deps, job.processInstanceId),
  });
