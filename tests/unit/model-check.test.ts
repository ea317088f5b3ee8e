// The model check refuses to deploy models that would strand a job, call nothing, or wait for a message forever.
import path from 'node:path';
import { jobTypes } from '../../workers';
import { checkModels, listModelFiles, ModelCheckError } from '../../src/engine/model-check';
import { PROCESSES_DIR } from '../../src/engine/deploy';

const fixtures = (name: string) => listModelFiles(path.join(__dirname, '..', 'fixtures', 'models', name));

test.each([
  ['invalid-job-type-without-worker', [], /tests\/fixtures\/models\/invalid-job-type-without-worker\/process\.bpmn, "Send the letter" \(Orphan\): job type "send-letter" has no worker/],
  ['invalid-worker-without-job-type', ['do-work', 'send-reminder'], /workers\/index\.ts: worker "send-reminder" serves a job type that no model uses/],
  ['invalid-missing-called-process', [], /"Transfer the contact" \(Call\): calls process "transferring-a-contact", which no model defines/],
  ['invalid-missing-decision', [], /"Decide the route" \(Decide\): calls decision "no-such-decision", which no model defines/],
  ['invalid-message-without-correlation-key', [], /"Advocate appointed" \(Wait\): message "advocate-appointed" has no correlation key/],
  ['invalid-missing-form', [], /"Triage the contact" \(Triage\): links form "no-such-form", which no model defines/],
])('when the models are %s, then the check names the file and element', async (name, workers, expected) => {
  const { problems } = await checkModels(fixtures(name), workers);
  expect(problems).toHaveLength(1);
  expect(new ModelCheckError(problems).message).toMatch(expected);
});

test('when every job type has a worker and every reference resolves, then there is no problem', async () => {
  const { problems, processIds } = await checkModels(fixtures('valid'), ['do-work']);
  expect(problems).toEqual([]);
  expect([...processIds].sort()).toEqual(['valid-main', 'valid-sub']);
});

test('when the project\'s own models are checked against its own workers, then there is no problem', async () => {
  const workers = jobTypes();
  const { problems, decisionIds } = await checkModels(listModelFiles(PROCESSES_DIR), workers);
  expect(problems).toEqual([]);
  expect(decisionIds.has('contact-screening')).toBe(true);
});
