// The contact-screening decision table, evaluated by the real engine: inputs → route, risk and follow-up (C10, U1).
import path from 'node:path';
import { z } from 'zod';
import { checkAndDeploy, DEPLOYMENT_NAME, PROCESSES_DIR } from '../../src/engine/deploy';
import { listModelFiles, ModelCheckError } from '../../src/engine/model-check';
import { EngineRefusal, type EngineClient } from '../../src/engine/operaton';
import { jobTypes } from '../../workers';
import { deployAll, evaluateDecision, testEngineClient } from '../support/deploy';

let engine: EngineClient;
beforeAll(async () => {
  engine = testEngineClient();
  await deployAll(engine);
});

const definitions = z.array(z.object({ id: z.string(), key: z.string() }).passthrough());
const deployments = z.array(z.object({ id: z.string() }).passthrough());

const no = false;
const yes = true;
test.each([
  // imminentDanger, safeguardingConcern, urgent → route, risk, followUpAfter, triagePriority, triageWithin (the words beside each duration are checked against it in tests/unit)
  [yes, no, no, 'safeguarding-concern', 'immediate', 'P1D', 90, 'PT1H'],
  [yes, yes, yes, 'safeguarding-concern', 'immediate', 'P1D', 90, 'PT1H'],
  [no, yes, no, 'safeguarding-concern', 'high', 'P2D', 80, 'PT1H'],
  [no, yes, yes, 'safeguarding-concern', 'high', 'P2D', 80, 'PT1H'],
  [no, no, yes, 'information-and-advice', 'high', 'P2D', 80, 'PT1H'],
  [no, no, no, 'information-and-advice', 'low', 'P14D', 50, 'PT2H'],
])(
  'when imminent danger is %s, a concern %s and urgent %s, then the route is %s at %s risk, followed up after %s, triaged at priority %s within %s',
  async (imminentDanger, safeguardingConcern, urgent, route, risk, followUpAfter, triagePriority, triageWithin) => {
    // FIRST hit policy: exactly one row decides.
    expect(await evaluateDecision(engine, 'contact-screening', { imminentDanger, safeguardingConcern, urgent }))
      .toEqual([expect.objectContaining({ route, risk, followUpAfter, triagePriority, triageWithin })]);
  },
);

test('when a model references a missing worker, then start-up deployment fails naming it and deploys nothing', async () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'models', 'invalid-job-type-without-worker');
  await expect(checkAndDeploy(engine, [], dir)).rejects.toThrow(ModelCheckError);
  await expect(checkAndDeploy(engine, [], dir)).rejects.toThrow(/"Send the letter" \(Orphan\): topic "send-letter" has no worker/);
  // Nothing reached the engine: no definition of the process, and it cannot be started.
  expect(await engine.get('/process-definition', definitions, { query: { key: 'lonely' } })).toEqual([]);
  const started = engine.send('POST', '/process-definition/key/lonely/start', {});
  await expect(started).rejects.toBeInstanceOf(EngineRefusal);
  await expect(started).rejects.toMatchObject({ httpStatus: 404 });
});

test('when the project deploys, then every model file in processes/ is deployed', async () => {
  const files = await checkAndDeploy(engine, jobTypes());
  expect(files.map((f) => path.basename(f.file)).sort()).toEqual(listModelFiles(PROCESSES_DIR).map((f) => path.basename(f.file)).sort());
  // And the engine holds every one of them, by its path under processes/, in the deployment the processes run from.
  const [latest] = await engine.get('/deployment', deployments, { query: { name: DEPLOYMENT_NAME, sortBy: 'deploymentTime', sortOrder: 'desc', maxResults: 1 } });
  expect(latest).toBeDefined();
  const resources = await engine.get(`/deployment/${latest!.id}/resources`, z.array(z.object({ name: z.string() }).passthrough()));
  expect(resources.map((r) => r.name).sort()).toEqual(listModelFiles(PROCESSES_DIR).map((f) => path.relative(PROCESSES_DIR, f.file).split(path.sep).join('/')).sort());
});
