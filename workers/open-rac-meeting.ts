// Job "open-rac-meeting": the meeting's timer fired; it opens when that is the meeting's time in London (A1, A2).
import { z } from 'zod';
import { openMeeting, type meetingSchedule, type RacStore } from '../src/domain/rac';
import { defineWorker } from '../src/engine/worker';
import { engineTime } from '../src/engine/clock';

export const createOpenRacMeetingWorker = (deps: { rac: RacStore; meetingSchedule: ReturnType<typeof meetingSchedule> }) =>
  defineWorker({
    type: 'open-rac-meeting',
    // The engine's time as the meeting opened, so a moved broker clock is the meeting's clock.
    input: z.object({ firedAt: engineTime }),
    output: z.object({ meetingTime: z.boolean(), waiting: z.number().int() }),
    handle: ({ firedAt }, job) => openMeeting({ rac: deps.rac }, deps.meetingSchedule, job.processInstanceKey, firedAt),
  });
