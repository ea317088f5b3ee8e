// Job "anonymise-closed-cases": the nightly pass of the retention policy (G1, UK GDPR Art. 5(1)(e)) over closed cases.
import { z } from 'zod';
import { keepRecordsOnlyAsLongAsTheyShould, type RetentionDeps } from '../src/domain/retention';
import { defineWorker } from '../src/engine/worker';
import { engineTime } from '../src/engine/clock';

export const createAnonymiseClosedCasesWorker = (deps: { retention: RetentionDeps }) =>
  defineWorker({
    type: 'anonymise-closed-cases',
    // The engine's time as the pass starts, so a moved engine clock is the policy's clock.
    input: z.object({ checkedAt: engineTime }),
    output: z.object({ checked: z.number().int(), anonymised: z.number().int(), more: z.boolean() }),
    handle: ({ checkedAt }, job) => keepRecordsOnlyAsLongAsTheyShould(deps.retention, checkedAt, job.processInstanceId),
  });
