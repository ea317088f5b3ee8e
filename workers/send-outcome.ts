// Job "send-outcome": sends the outcome in the person's preferred method and format, or says an advisor must tell them (C9, G2, F6).
import { z } from 'zod';
import { communicateOutcome, type CommunicationDeps } from '../src/domain/communications';
import { OUTCOMES } from '../src/domain/tasks';
import { defineWorker } from '../src/engine/worker';

export const createSendOutcomeWorker = (deps: CommunicationDeps) =>
  defineWorker({
    type: 'send-outcome',
    // The journey's outcome: the decision's, or information and advice when the person refused consent (C1).
    input: z.object({ contactId: z.string().uuid(), outcome: z.enum(OUTCOMES) }),
    output: z.object({ outcomeDelivery: z.enum(['sent', 'tell-in-person', 'needs-alternative-format']) }),
    async handle({ contactId, outcome }) {
      return { outcomeDelivery: await communicateOutcome(deps, contactId, outcome) };
    },
  });
