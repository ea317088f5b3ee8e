// Every job worker of the service; the model check ties this list to the job types in processes/ both ways.
import type { ContactRepository } from '../src/domain/contacts';
import type { JobWorker } from '../src/engine/worker';
import { createRaiseSafeguardingConcernWorker } from './raise-safeguarding-concern';
import { createRecordContactWorker } from './record-contact';
import { createRecordFollowUpDueWorker } from './record-follow-up-due';
import { createRecordContactOutcomeWorker } from './record-contact-outcome';
import { createRecordInformationAndAdviceWorker } from './record-information-and-advice';
import { createRecordMissedResponseStandardWorker } from './record-missed-response-standard';

export interface WorkerDeps {
  contacts: ContactRepository;
}

export function createWorkers(deps: WorkerDeps): JobWorker[] {
  return [
    createRecordContactWorker(deps),
    createRaiseSafeguardingConcernWorker(deps),
    createRecordInformationAndAdviceWorker(deps),
    createRecordFollowUpDueWorker(deps),
    createRecordMissedResponseStandardWorker(deps),
    createRecordContactOutcomeWorker(deps),
  ];
}
