// Job "start-reviews": support arranged at assessment schedules its reviews, the first at 6 weeks (U2).
import { z } from 'zod';
import { calendarDateSchema } from '../src/domain/calendar-date';
import { startReviews, type ReviewDeps } from '../src/domain/reviews';
import { defineWorker } from '../src/engine/worker';

export const createStartReviewsWorker = (deps: Pick<ReviewDeps, 'referrals' | 'reviewEngine'>) =>
  defineWorker({
    type: 'start-reviews',
    input: z.object({ referralId: z.string().uuid(), supportStartsOn: calendarDateSchema }),
    output: z.object({}),
    async handle({ referralId, supportStartsOn }) {
      await startReviews(deps, referralId, supportStartsOn);
      return {};
    },
  });
