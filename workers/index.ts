// Every job worker of the service; the model check ties this list to the job types in processes/ both ways.
import type { AdvocacyEngine, AdvocacyStore } from '../src/domain/advocacy';
import type { CommunicationDeps } from '../src/domain/communications';
import type { AllocationDeps, RacStore, TaskRecord } from '../src/domain/rac';
import type { ReferralDeps } from '../src/domain/referrals';
import type { ReviewEngine } from '../src/domain/reviews';
import type { RetentionDeps } from '../src/domain/retention';
import { createAnonymiseClosedCasesWorker } from './anonymise-closed-cases';
import { createReferForReassessmentWorker } from './refer-for-reassessment';
import { createStartReviewsWorker } from './start-reviews';
import { createLinkToCaseWorker } from './link-to-case';
import { createRequestReviewWorker } from './request-review';
import { createCheckReviewerWorker } from './check-reviewer';
import { createCheckReviewAdvocacyWorker } from './check-review-advocacy';
import { createWithdrawAdvocacyWorker } from './withdraw-advocacy';
import type { TransferDeps } from '../src/domain/transfers';
import type { JobWorker } from '../src/engine/worker';
import { createAlertAllocatedWorkerWorker } from './alert-allocated-worker';
import { createAnnounceAdvocacySettledWorker } from './announce-advocacy-settled';
import { createReferForAdvocacyWorker } from './refer-for-advocacy';
import { createCheckNamedWorkerWorker } from './check-named-worker';
import { createCheckReferralWorker } from './check-referral';
import { createCloseRacMeetingWorker } from './close-rac-meeting';
import { createMakeReferralWorker } from './make-referral';
import { createOpenRacMeetingWorker } from './open-rac-meeting';
import { createRecordWaitingCheckWorker } from './record-waiting-check';
import { createSendFundingDecisionWorker } from './send-funding-decision';
import { createTellAllocationWorker } from './tell-allocation';
import { createRecordReferralStatusWorker } from './record-referral-status';
import { createPassContactOnWorker } from './pass-contact-on';
import { createRaiseSafeguardingConcernWorker } from './raise-safeguarding-concern';
import { createRecordContactWorker } from './record-contact';
import { createRecordFollowUpDueWorker } from './record-follow-up-due';
import { createRecordContactOutcomeWorker } from './record-contact-outcome';
import { createRecordInformationAndAdviceWorker } from './record-information-and-advice';
import { createPlanNextFollowUpCallWorker } from './plan-next-follow-up-call';
import { createRecordMissedResponseStandardWorker } from './record-missed-response-standard';
import { createSendAcknowledgementWorker } from './send-acknowledgement';
import { createSendDelayNoticeWorker } from './send-delay-notice';
import { createSendOutcomeWorker } from './send-outcome';
import { createRecordManagedHereWorker } from './record-managed-here';
import { createRecordConsentAnswerWorker } from './record-consent-answer';
import { createLowerTriagePriorityWorker } from './lower-triage-priority';
import type { OpenTaskTimes } from '../src/domain/tasks';
import { createTellWorkerUnavailableWorker } from './tell-worker-unavailable';

export type WorkerDeps = CommunicationDeps &
  TransferDeps &
  ReferralDeps & {
    directory: CommunicationDeps['directory'];
    practitioners: AllocationDeps['practitioners'];
    rac: RacStore;
    /** The RAC meeting's cron cycle as deployed (meetingSchedule(RAC_MEETING_CRON).cycle). */
    meetingCycle: string;
    completions: { latestCompletion(caseId: string, formId: string): Promise<TaskRecord | undefined> };
    advocacy: AdvocacyStore;
    advocacyEngine: AdvocacyEngine;
    reviewEngine: ReviewEngine;
    openTasks: OpenTaskTimes;
    /** G1: the retention policy, its store and the engine's journeys of a case. */
    retention: RetentionDeps;
  };

export function createWorkers(deps: WorkerDeps): JobWorker[] {
  return [
    createRecordContactWorker(deps),
    createSendAcknowledgementWorker(deps),
    createRaiseSafeguardingConcernWorker(deps),
    createCheckNamedWorkerWorker(deps),
    createPassContactOnWorker(deps),
    createTellWorkerUnavailableWorker(deps),
    createRecordManagedHereWorker(deps),
    createRecordConsentAnswerWorker(deps),
    createLowerTriagePriorityWorker(deps),
    createSendOutcomeWorker(deps),
    createAlertAllocatedWorkerWorker(deps),
    createRecordInformationAndAdviceWorker(deps),
    createRecordFollowUpDueWorker(deps),
    createPlanNextFollowUpCallWorker(),
    createRecordMissedResponseStandardWorker(deps),
    createSendDelayNoticeWorker(deps),
    createRecordContactOutcomeWorker(deps),
    createMakeReferralWorker(deps),
    createCheckReferralWorker(deps),
    createRecordReferralStatusWorker(deps),
    createOpenRacMeetingWorker(deps),
    createCloseRacMeetingWorker(deps),
    createTellAllocationWorker(deps),
    createRecordWaitingCheckWorker(deps),
    createSendFundingDecisionWorker(deps),
    createReferForAdvocacyWorker(deps),
    createAnnounceAdvocacySettledWorker(deps),
    createStartReviewsWorker(deps),
    createReferForReassessmentWorker(deps),
    createLinkToCaseWorker(deps),
    createRequestReviewWorker(deps),
    createCheckReviewerWorker(deps),
    createCheckReviewAdvocacyWorker(deps),
    createWithdrawAdvocacyWorker(deps),
    createAnonymiseClosedCasesWorker(deps),
  ];
}

/** The job types the workers serve, for checks and deployments that run no worker. */
export function jobTypes(): string[] {
  return createWorkers({} as WorkerDeps).map((w) => w.type);
}
