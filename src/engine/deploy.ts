// Checks every model in processes/ against the workers, then deploys them together so references resolve.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './distribution';
import { checkModels, listModelFiles, ModelCheckError, type ModelFile } from './model-check';
import type { Zeebe } from './zeebe';

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

export async function checkAndDeploy(zeebe: Zeebe, workerTypes: string[], dir = PROCESSES_DIR): Promise<ModelFile[]> {
  const files = listModelFiles(dir);
  const { problems } = await checkModels(files, workerTypes);
  if (problems.length) throw new ModelCheckError(problems);
  await zeebe.deployResources(files.map(({ file, kind }) => RESOURCE[kind](path.relative(dir, file), fs.readFileSync(file))));
  return files;
}
