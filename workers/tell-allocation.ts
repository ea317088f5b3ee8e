// Job "tell-allocation": the worker the RAC meeting chose is told, and the person is told who will lead their assessment (A6, C12).
import { z } from 'zod';
import { tellAllocation, type AllocationDeps } from '../src/domain/rac';
import { defineWorker } from '../src/engine/worker';

export const createTellAllocationWorker = (deps: AllocationDeps) =>
  defineWorker({
    type: 'tell-allocation',
    input: z.object({ referralId: z.string().uuid() }),
    output: z.object({ personTold: z.boolean() }),
    handle: ({ referralId }) => tellAllocation(deps, referralId),
  });
