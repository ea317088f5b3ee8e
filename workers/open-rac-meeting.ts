// Job "open-rac-meeting": the meeting's timer fired at its time in London; the meeting opens (A1, A2).
import { z } from 'zod';
import { openMeeting, type RacStore } from '../src/domain/rac';
import { defineWorker } from '../src/engine/worker';
import { engineTime } from '../src/engine/clock';

export const createOpenRacMeetingWorker = (deps: { rac: RacStore }) =>
  defineWorker({
    type: 'open-rac-meeting',
    // The engine's time as the timer fired, so a moved engine clock is the meeting's clock.
    input: z.object({ firedAt: engineTime }),
    output: z.object({ waiting: z.number().int() }),
    handle: ({ firedAt }, job) => openMeeting({ rac: deps.rac }, job.processInstanceId, firedAt),
  });
