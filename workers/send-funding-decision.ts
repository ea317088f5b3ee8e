// Job "send-funding-decision": the decision on urgent or interim support goes to the person in writing (A7).
import { z } from 'zod';
import { sendFundingDecision } from '../src/domain/rac';
import { defineWorker } from '../src/engine/worker';

export const createSendFundingDecisionWorker = (deps: Parameters<typeof sendFundingDecision>[0]) =>
  defineWorker({
    type: 'send-funding-decision',
    input: z.object({ referralId: z.string().uuid() }),
    output: z.object({ fundingDecisionSent: z.boolean() }),
    handle: ({ referralId }) => sendFundingDecision(deps, referralId),
  });
