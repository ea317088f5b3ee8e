// Job "withdraw-advocacy": the RAC meeting closed the referral, so advocacy still waiting for an advocate is withdrawn.
import { z } from 'zod';
import { withdrawAdvocacy, type AdvocacyDeps } from '../src/domain/advocacy';
import { defineWorker } from '../src/engine/worker';

export const createWithdrawAdvocacyWorker = (deps: Pick<AdvocacyDeps, 'advocacy' | 'advocacyEngine'>) =>
  defineWorker({
    type: 'withdraw-advocacy',
    input: z.object({ referralId: z.string().uuid() }),
    output: z.object({}),
    async handle({ referralId }) {
      await withdrawAdvocacy(deps, referralId);
      return {};
    },
  });
