// Job "lower-triage-priority": a contact shown not to be urgent has its open triage re-timed as the screening now says (C4).
import { z } from 'zod';
import { lowerTriage, type OpenTaskTimes } from '../src/domain/tasks';
import { defineWorker } from '../src/engine/worker';

export const createLowerTriagePriorityWorker = (deps: { openTasks: OpenTaskTimes }) =>
  defineWorker({
    type: 'lower-triage-priority',
    /** What the contact-screening table gives now that the contact is not urgent: the inbox priority and how soon it is due. */
    input: z.object({ triagePriority: z.number().int().min(0).max(100), triageWithin: z.string().regex(/^P/, 'must be an ISO 8601 duration') }),
    output: z.object({}),
    async handle({ triagePriority, triageWithin }, job) {
      await lowerTriage(deps, job.processInstanceId, triagePriority, triageWithin);
      return {};
    },
  });
