// Checks every model in processes/ against the workers, then deploys them together in one deployment, so references
// resolve and each process finds its forms in its own deployment (camunda:formRefBinding="deployment").
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from './distribution';
import { checkModels, listModelFiles, ModelCheckError, type ModelFile } from './model-check';
import type { EngineClient } from './operaton';
import { DEFAULT_MEETING, meetingSchedule } from '../domain/rac';

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
 * The RAC meeting's time comes from configuration (RAC_MEETING_CRON, London time): the cycle of the timer start event
 * MeetingTime is written in as it is deployed; the engine keeps London time. Other models pass unchanged.
 */
const MEETING_TIMER = /(<bpmn:startEvent id="MeetingTime"(?:(?!<\/bpmn:startEvent>)[\s\S])*?<bpmn:timeCycle[^>]*>)[^<]*(<\/bpmn:timeCycle>)/;

export function withMeetingCycle(xml: string, cycle: string): string {
  return xml.replace(MEETING_TIMER, (_all, open: string, close: string) => `${open}${cycle}${close}`);
}

const deployment = z.object({ id: z.string(), deployedProcessDefinitions: z.record(z.unknown()).nullish() }).passthrough();

/**
 * Deploys every model file as one deployment named DEPLOYMENT_NAME. Resource names are paths relative to processes/
 * (forms/triage-contact.form), as Cockpit shows them. Duplicate filtering keeps a restart from making new versions of
 * models that did not change; when anything changed, all are deployed again together, since a process finds its forms
 * only in its own deployment (Operaton's deploy-changed-only would leave them behind in an older one).
 */
export async function checkAndDeploy(
  engine: EngineClient, workerTypes: string[], dir = PROCESSES_DIR, meetingCycle = meetingSchedule(DEFAULT_MEETING).cycle,
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
    const content = kind === 'bpmn' ? withMeetingCycle(fs.readFileSync(file, 'utf8'), meetingCycle) : fs.readFileSync(file);
    form.append(name, new Blob([content]), name);
  }
  await engine.postForm('/deployment/create', form, deployment, { consequence: 'The models were not deployed', timeoutMs: 60_000 });
  return files;
}
