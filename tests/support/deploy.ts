// Deploys everything in processes/ to the run's engine host, checked against the workers' topics as at start-up,
// and gives the engine client the test used.
import { checkAndDeploy } from '../../src/engine/deploy';
import { z } from 'zod';
import { createEngineClient, toTypedVariables, type EngineClient } from '../../src/engine/operaton';
import { jobTypes } from '../../workers';
import { runEngine } from './harness';

export function testEngineClient(): EngineClient {
  const host = runEngine();
  return createEngineClient({ restUrl: host.restUrl, user: host.user, password: host.password });
}

export function deployAll(engine: EngineClient): ReturnType<typeof checkAndDeploy> {
  return checkAndDeploy(engine, jobTypes());
}

const decisionResult = z.array(z.record(z.object({ value: z.unknown() }).passthrough()));

/**
 * Evaluates a deployed decision table on the engine (POST /decision-definition/key/{key}/evaluate): one object of
 * plain output values per matched rule, e.g. [{ route: 'safeguarding-concern', risk: 'high', followUpAfter: null }].
 */
export async function evaluateDecision(engine: EngineClient, key: string, variables: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const rows = await engine.post(`/decision-definition/key/${key}/evaluate`, { variables: toTypedVariables(variables) }, decisionResult);
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, out]) => [name, out.value])));
}
