// Job "open-rac-meeting": the meeting's timer fired, on time or late; the meeting opens (A1, A2).
import { z } from 'zod';
import { openMeeting, type RacStore } from '../src/domain/rac';
import { defineWorker } from '../src/engine/worker';
import { engineTime } from '../src/engine/clock';

/** `meetingCycle` is the cycle deployed into the meeting's timer (RAC_MEETING_CRON), which says when each meeting was due. */
export const createOpenRacMeetingWorker = (deps: { rac: RacStore; meetingCycle: string }) =>
  defineWorker({
    type: 'open-rac-meeting',
    // The engine's time as the timer fired, so a moved engine clock is the meeting's clock.
    input: z.object({ firedAt: engineTime }),
    output: z.object({ waiting: z.number().int(), late: z.boolean() }),
    handle: ({ firedAt }, job) => openMeeting({ rac: deps.rac, cycle: deps.meetingCycle }, job.processInstanceId, firedAt),
  });
