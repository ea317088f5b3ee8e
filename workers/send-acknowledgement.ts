// Job "send-acknowledgement": acknowledges an e-mail, text or letter on its own channel, once (C3, C4, C5).
import { z } from 'zod';
import { acknowledgeContact, type CommunicationDeps } from '../src/domain/communications';
import { defineWorker } from '../src/engine/worker';

export const createSendAcknowledgementWorker = (deps: CommunicationDeps) =>
  defineWorker({
    type: 'send-acknowledgement',
    input: z.object({ contactId: z.string().uuid() }),
    output: z.object({ acknowledgementDelivery: z.enum(['sent', 'tell-in-person', 'needs-alternative-format']) }),
    async handle({ contactId }) {
      return { acknowledgementDelivery: await acknowledgeContact(deps, contactId) };
    },
  });
