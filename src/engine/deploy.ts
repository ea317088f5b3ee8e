// Checks every model in processes/ against the workers, then deploys them together so references resolve.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './distribution';
import { checkModels, listModelFiles, ModelCheckError, type ModelFile } from './model-check';
import type { Zeebe } from './zeebe';
import { DEFAULT_MEETING, meetingSchedule } from '../domain/rac';

export const PROCESSES_DIR = path.join(PROJECT_ROOT, 'processes');

// Resource names are paths relative to processes/, as Operate shows them, not this machine's paths.
const RESOURCE = {
  bpmn: (name: string, content: Buffer) => ({ name, process: content }),
  dmn: (name: string, content: Buffer) => ({ name, decision: content }),
  form: (name: string, content: Buffer) => ({ name, form: content }),
} as const;

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

/** The RAC meeting's time comes from configuration (RAC_MEETING_CRON): its timer's cycle is written in as it is deployed. */
const MEETING_TIMER = /(<bpmn:startEvent id="MeetingTime"[\s\S]*?<bpmn:timeCycle[^>]*>)[^<]*(<\/bpmn:timeCycle>)/;

export function withMeetingCycle(xml: string, utcCycle: string): string {
  return xml.replace(MEETING_TIMER, `$1${utcCycle}$2`);
}

export async function checkAndDeploy(
  zeebe: Zeebe, workerTypes: string[], dir = PROCESSES_DIR, meetingCycle = meetingSchedule(DEFAULT_MEETING).utcCycle,
): Promise<ModelFile[]> {
  const files = listModelFiles(dir);
  const { problems } = await checkModels(files, workerTypes);
  if (problems.length) throw new ModelCheckError(problems);
  await zeebe.deployResources(files.map(({ file, kind }) => {
    const content = fs.readFileSync(file);
    return RESOURCE[kind](path.relative(dir, file), kind === 'bpmn' ? Buffer.from(withMeetingCycle(content.toString('utf8'), meetingCycle)) : content);
  }));
  return files;
}
