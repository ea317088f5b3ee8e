// Job "send-delay-notice": the 2-hour standard was missed; a written contact's sender is told of the delay and when to expect an answer (C3, C4).
import { z } from 'zod';
import { tellSenderOfDelay, type CommunicationDeps } from '../src/domain/communications';
import { defineWorker } from '../src/engine/worker';

export const createSendDelayNoticeWorker = (deps: CommunicationDeps) =>
  defineWorker({
    type: 'send-delay-notice',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({}),
    async handle({ contactId }) {
      await tellSenderOfDelay(deps, contactId);
      return {};
    },
  });
