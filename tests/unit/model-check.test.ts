// The model check refuses to deploy models that would strand an external task, call nothing, show no form, or wait
// for a message the service never sends.
import path from 'node:path';
import { jobTypes } from '../../workers';
import { checkModels, listModelFiles, ModelCheckError, SERVICE_MESSAGES, type ServiceMessage } from '../../src/engine/model-check';
import { PROCESSES_DIR } from '../../src/engine/deploy';

const fixtures = (name: string) => listModelFiles(path.join(__dirname, '..', 'fixtures', 'models', name));
const VALID_MESSAGES: Record<string, ServiceMessage> = { 'question-asked': { starts: true }, 'answer-received': { correlatedOn: 'caseId' } };

test.each([
  ['invalid-job-type-without-worker', [], /tests\/fixtures\/models\/invalid-job-type-without-worker\/process\.bpmn, "Send the letter" \(Orphan\): topic "send-letter" has no worker/],
  ['invalid-worker-without-job-type', ['do-work', 'send-reminder'], /workers\/index\.ts: worker "send-reminder" serves a topic that no model uses/],
  ['invalid-missing-called-process', [], /"Transfer the contact" \(Call\): calls process "transferring-a-contact", which no model defines/],
  ['invalid-missing-decision', [], /"Decide the route" \(Decide\): calls decision "no-such-decision", which no model defines/],
  ['invalid-message-not-sent', [], /"Advocate appointed" \(Wait\): waits for message "advocate-appointed", which the service never sends/],
  ['invalid-missing-form', [], /"Triage the contact" \(Triage\): links form "no-such-form", which no model defines/],
  ['invalid-form-not-bound', [], /"Triage the contact" \(Triage\): links form "triage" without camunda:formRefBinding="deployment"/],
])('when the models are %s, then the check names the file and element', async (name, workers, expected) => {
  const { problems } = await checkModels(fixtures(name), workers, undefined, {});
  expect(problems).toHaveLength(1);
  expect(new ModelCheckError(problems).message).toMatch(expected);
});

test('when every topic has a worker and every reference and message resolves, then there is no problem', async () => {
  const { problems, processIds, decisionIds, formIds } = await checkModels(fixtures('valid'), ['do-work'], undefined, VALID_MESSAGES);
  expect(problems).toEqual([]);
  expect([...processIds].sort()).toEqual(['valid-main', 'valid-sub']);
  expect([...decisionIds, ...formIds]).toEqual(['valid-decision', 'valid-form']);
});

test('when a message starts a journey where the service correlates it, or is waited for where the service only starts journeys with it, or nothing waits for one the service sends, then the check says so', async () => {
  const swapped: Record<string, ServiceMessage> = { 'question-asked': { correlatedOn: 'caseId' }, 'answer-received': { starts: true }, 'answer-withdrawn': { correlatedOn: 'caseId' } };
  const { problems } = await checkModels(fixtures('valid'), ['do-work'], undefined, swapped);
  expect(new ModelCheckError(problems).message.split('\n').slice(1)).toEqual([
    '- tests/fixtures/models/valid/main.bpmn, "Question asked" (Asked): starts on message "question-asked", which the service sends to a waiting journey (correlated on caseId), not to start one',
    '- tests/fixtures/models/valid/main.bpmn, "Wait for the answer" (Wait): waits for message "answer-received", which the service sends only to start a journey: nothing would correlate it here',
    '- src/engine/model-check.ts: the service sends message "answer-withdrawn", which no model waits for',
  ]);
});

test('when the project\'s own models are checked against its own workers and messages, then there is no problem', async () => {
  const { problems, decisionIds, formIds } = await checkModels(listModelFiles(PROCESSES_DIR), jobTypes());
  expect(problems).toEqual([]);
  expect(decisionIds.has('contact-screening')).toBe(true);
  expect(formIds.has('triage-contact')).toBe(true);
  expect(Object.keys(SERVICE_MESSAGES).sort()).toEqual([
    'advocacy-ended', 'advocacy-settled', 'advocate-named', 'contact-not-urgent', 'rac-decision', 'referral-made', 'referral-situation-changed', 'review-requested', 'support-started',
  ]);
});
