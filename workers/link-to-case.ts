// Job "link-to-case": a journey that is not the contact's own (advocacy, reviews) is kept on the person's record, so its tasks show on the case.
import { z } from 'zod';
import { linkToCase, type ContactRepository } from '../src/domain/contacts';
import { defineWorker } from '../src/engine/worker';

export const createLinkToCaseWorker = (deps: { contacts: ContactRepository }) =>
  defineWorker({
    type: 'link-to-case',
    input: z.object({ caseId: z.string().uuid() }),
    output: z.object({}),
    async handle({ caseId }, job) {
      await linkToCase(deps.contacts, caseId, job.processInstanceId);
      return {};
    },
  });
