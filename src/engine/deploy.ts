// Checks every model in processes/ against the workers, then deploys them together in one deployment, so references
// resolve and each process finds its forms in its own deployment (camunda:formRefBinding="deployment").
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './distribution';
import { checkModels, listModelFiles, ModelCheckError, type ModelFile } from './model-check';
import type { EngineClient } from './operaton';
import { DEFAULT_MEETING, meetingSchedule } from '../domain/rac';
import { DEFAULT_RETENTION, DEFAULT_RETENTION_RUNS_AT, engineHistoryDays, retentionCycleAt } from '../domain/retention';

export const PROCESSES_DIR = path.join(PROJECT_ROOT, 'processes');

/** What Operaton keeps the models under; Cockpit shows this name. */
export const DEPLOYMENT_NAME = 'care-front-door';

/** The Camunda Forms in the models, by form id: the API serves them with their tasks. */
export function readForms(files: ModelFile[]): Map<string, unknown> {
  const forms = new Map<string, unknown>();
  for (const { file, kind } of files) {
    if (kind !== 'form') continue;
    const form = JSON.parse(fs.readFileSync(file, 'utf8')) as { id: string };
    forms.set(form.id, form);
  }
  return forms;
}

/**
 * A timer start event's cycle comes from configuration: the RAC meeting's (RAC_MEETING_CRON) into MeetingTime, the nightly
 * retention job's (RETENTION_RUNS_AT) into EveryNight; both London time, which the engine keeps.
 */
const startTimer = (id: string) => new RegExp(`(<bpmn:startEvent id="${id}"(?:(?!<\\/bpmn:startEvent>)[\\s\\S])*?<bpmn:timeCycle[^>]*>)[^<]*(<\\/bpmn:timeCycle>)`);

function withStartCycle(xml: string, id: string, cycle: string): string {
  return xml.replace(startTimer(id), (_all, open: string, close: string) => `${open}${cycle}${close}`);
}

export function withMeetingCycle(xml: string, cycle: string): string {
  return withStartCycle(xml, 'MeetingTime', cycle);
}

/**
 * G1: every process keeps its finished journeys' history as long as the retention policy's longest period
 * (engineHistoryTimeToLive), written into each process as it is deployed, so an engine run elsewhere keeps it too.
 */
export function withHistoryTimeToLive(xml: string, ttl: string): string {
  return xml.replace(/<bpmn:process\b([^>]*)>/g, (_all, attrs: string) =>
    `<bpmn:process${attrs.replace(/\s+camunda:historyTimeToLive="[^"]*"/, '')} camunda:historyTimeToLive="${ttl}">`);
}

/** What configuration writes into the models as they are deployed. */
export interface DeploySettings {
  /** The RAC meeting's cron cycle (meetingSchedule(RAC_MEETING_CRON).cycle). */
  meetingCycle: string;
  /** The nightly retention job's cron cycle (retentionCycle(config)). */
  recordsCycle: string;
  /** How long finished journeys' history is kept (engineHistoryTimeToLive(config)). */
  historyTimeToLive: string;
}

export const DEFAULT_DEPLOY_SETTINGS: DeploySettings = {
  meetingCycle: meetingSchedule(DEFAULT_MEETING).cycle,
  recordsCycle: retentionCycleAt(DEFAULT_RETENTION_RUNS_AT),
  historyTimeToLive: `P${engineHistoryDays(DEFAULT_RETENTION)}D`,
};

export function prepareModel(xml: string, settings: DeploySettings): string {
  return withHistoryTimeToLive(withStartCycle(withMeetingCycle(xml, settings.meetingCycle), 'EveryNight', settings.recordsCycle), settings.historyTimeToLive);
}

const deployment = z.object({ id: z.string(), deployedProcessDefinitions: z.record(z.unknown()).nullish() }).passthrough();

/**
 * Deploys every model file as one deployment named DEPLOYMENT_NAME. Resource names are paths relative to processes/
 * (forms/triage-contact.form), as Cockpit shows them. Duplicate filtering keeps a restart from making new versions of
 * models that did not change; when anything changed, all are deployed again together, since a process finds its forms
 * only in its own deployment (Operaton's deploy-changed-only would leave them behind in an older one).
 */
export async function checkAndDeploy(
  engine: EngineClient, workerTypes: string[], dir = PROCESSES_DIR, settings: DeploySettings = DEFAULT_DEPLOY_SETTINGS,
): Promise<ModelFile[]> {
  const files = listModelFiles(dir);
  const { problems } = await checkModels(files, workerTypes);
  if (problems.length) throw new ModelCheckError(problems);
  const form = new FormData();
  form.append('deployment-name', DEPLOYMENT_NAME);
  form.append('deployment-source', 'care-front-door');
  form.append('enable-duplicate-filtering', 'true');
  form.append('deploy-changed-only', 'false');
  for (const { file, kind } of files) {
    const name = path.relative(dir, file).split(path.sep).join('/');
    const content = kind === 'bpmn' ? prepareModel(fs.readFileSync(file, 'utf8'), settings) : fs.readFileSync(file);
    form.append(name, new Blob([content]), name);
  }
  await engine.postForm('/deployment/create', form, deployment, { consequence: 'The models were not deployed', timeoutMs: 60_000 });
  return files;
}
