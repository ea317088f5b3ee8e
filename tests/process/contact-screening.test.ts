// The contact-screening decision table, evaluated by the real engine: inputs → route, risk and follow-up (C10, U1).
import { createZeebe, type Zeebe } from '../../src/engine/zeebe';
import { checkAndDeploy, PROCESSES_DIR } from '../../src/engine/deploy';
import { listModelFiles, ModelCheckError } from '../../src/engine/model-check';
import { jobTypes } from '../../workers';
import path from 'node:path';
import { env } from '../support/harness';

let zeebe: Zeebe;
beforeAll(async () => {
  zeebe = createZeebe({ grpcAddress: env('TEST_ZEEBE_GRPC'), plaintext: true });
  await checkAndDeploy(zeebe, jobTypes());
});
afterAll(async () => {
  await zeebe.close();
});

const no = false;
const yes = true;
test.each([
  // imminentDanger, safeguardingConcern, urgent → route, risk, followUpAfter
  [yes, no, no, 'safeguarding-concern', 'immediate', null],
  [yes, yes, yes, 'safeguarding-concern', 'immediate', null],
  [no, yes, no, 'safeguarding-concern', 'high', null],
  [no, yes, yes, 'safeguarding-concern', 'high', null],
  [no, no, yes, 'information-and-advice', 'high', 'P2D'],
  [no, no, no, 'information-and-advice', 'low', 'P14D'],
])(
  'when imminent danger is %s, a concern %s and urgent %s, then the route is %s at %s risk, followed up after %s',
  async (imminentDanger, safeguardingConcern, urgent, route, risk, followUpAfter) => {
    const res = await zeebe.evaluateDecision({ decisionId: 'contact-screening', variables: { imminentDanger, safeguardingConcern, urgent } });
    expect(JSON.parse(res.decisionOutput)).toEqual({ route, risk, followUpAfter });
  },
);

test('when a model references a missing worker, then start-up deployment fails naming it and deploys nothing', async () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'models', 'invalid-job-type-without-worker');
  await expect(checkAndDeploy(zeebe, [], dir)).rejects.toThrow(ModelCheckError);
  await expect(checkAndDeploy(zeebe, [], dir)).rejects.toThrow(/"Send the letter" \(Orphan\): job type "send-letter" has no worker/);
  await expect(zeebe.createProcessInstance({ bpmnProcessId: 'lonely', variables: {} })).rejects.toThrow(/NOT_FOUND/);
});

test('when the project deploys, then every model file in processes/ is deployed', async () => {
  const files = await checkAndDeploy(zeebe, jobTypes());
  expect(files.map((f) => path.basename(f.file)).sort()).toEqual(listModelFiles(PROCESSES_DIR).map((f) => path.basename(f.file)).sort());
});
