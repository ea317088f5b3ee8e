// Checks the models before they are deployed: every job type has a worker and every worker a job type,
// called processes, decisions and forms exist, and every message a process waits for has a correlation key.
import fs from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import DmnModdle from 'dmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { PROJECT_ROOT } from './distribution';

export interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  [key: string]: unknown;
}

export interface ModelFile {
  file: string;
  kind: 'bpmn' | 'dmn' | 'form';
}

export interface ModelProblem {
  file: string;
  element?: string;
  message: string;
}

export interface ModelInventory {
  files: ModelFile[];
  processIds: Set<string>;
  decisionIds: Set<string>;
  formIds: Set<string>;
  problems: ModelProblem[];
}

export class ModelCheckError extends Error {
  constructor(readonly problems: ModelProblem[]) {
    super(`The models cannot be deployed:\n${problems.map(describeProblem).join('\n')}`);
    this.name = 'ModelCheckError';
  }
}

export function describeProblem(p: ModelProblem): string {
  return `- ${path.isAbsolute(p.file) ? path.relative(PROJECT_ROOT, p.file) : p.file}${p.element ? `, ${p.element}` : ''}: ${p.message}`;
}

const KINDS: Record<string, ModelFile['kind']> = { '.bpmn': 'bpmn', '.dmn': 'dmn', '.form': 'form' };

/** Every *.bpmn, *.dmn and *.form under the folder (forms may sit in a subfolder). */
export function listModelFiles(dir: string): ModelFile[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => path.join(dir, rel))
    .filter((f) => KINDS[path.extname(f)] && fs.statSync(f).isFile())
    .sort()
    .map((file) => ({ file, kind: KINDS[path.extname(file)]! }));
}

function extension(el: ModdleElement, type: string): ModdleElement | undefined {
  const ext = el.extensionElements as { values?: ModdleElement[] } | undefined;
  return ext?.values?.find((v) => v.$type === type);
}

function label(el: ModdleElement): string {
  return el.name ? `"${el.name}" (${el.id})` : `${el.id}`;
}


function isCatchingMessage(el: ModdleElement, parent: ModdleElement): ModdleElement | undefined {
  if (el.$type === 'bpmn:ReceiveTask') return el;
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  const msg = defs.find((d) => d.$type === 'bpmn:MessageEventDefinition');
  if (!msg) return undefined;
  if (el.$type === 'bpmn:IntermediateCatchEvent' || el.$type === 'bpmn:BoundaryEvent') return msg;
  // A message start event needs a correlation key only inside an event sub-process.
  if (el.$type === 'bpmn:StartEvent' && parent.$type === 'bpmn:SubProcess') return msg;
  return undefined;
}

interface BpmnFacts {
  file: string;
  jobTypes: { type: string; element: string }[];
  calledProcesses: { id: string; element: string }[];
  calledDecisions: { id: string; element: string }[];
  forms: { id: string; element: string }[];
}

export async function inspectModels(files: ModelFile[]): Promise<{ inventory: ModelInventory; bpmn: BpmnFacts[] }> {
  const bpmnModdle = new BpmnModdle({ zeebe: zeebeSchema });
  const dmnModdle = new DmnModdle();
  const inventory: ModelInventory = { files, processIds: new Set(), decisionIds: new Set(), formIds: new Set(), problems: [] };
  const bpmn: BpmnFacts[] = [];
  for (const { file, kind } of files) {
    const text = fs.readFileSync(file, 'utf8');
    try {
      if (kind === 'form') {
        const id = (JSON.parse(text) as { id?: unknown }).id;
        if (typeof id !== 'string') inventory.problems.push({ file, message: 'the form has no "id"' });
        else inventory.formIds.add(id);
      } else if (kind === 'dmn') {
        const { rootElement } = await dmnModdle.fromXML(text);
        for (const el of (rootElement.drgElement as ModdleElement[] | undefined) ?? []) {
          if (el.$type === 'dmn:Decision' && el.id) inventory.decisionIds.add(el.id);
        }
      } else {
        const { rootElement } = await bpmnModdle.fromXML(text);
        bpmn.push(inspectBpmn(file, rootElement, inventory));
      }
    } catch (err) {
      inventory.problems.push({ file, message: `cannot be read: ${(err as Error).message}` });
    }
  }
  return { inventory, bpmn };
}

function inspectBpmn(file: string, definitions: ModdleElement, inventory: ModelInventory): BpmnFacts {
  const facts: BpmnFacts = { file, jobTypes: [], calledProcesses: [], calledDecisions: [], forms: [] };
  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  for (const proc of processes) {
    if (proc.id) inventory.processIds.add(proc.id);
    const visit = (parent: ModdleElement): void => {
      for (const el of (parent.flowElements as ModdleElement[] | undefined) ?? []) {
        const where = label(el);
        const task = extension(el, 'zeebe:TaskDefinition');
        const type = task?.type as string | undefined;
        if (type && !type.startsWith('=')) facts.jobTypes.push({ type, element: where });
        const called = extension(el, 'zeebe:CalledElement')?.processId as string | undefined;
        if (called && !called.startsWith('=')) facts.calledProcesses.push({ id: called, element: where });
        const decision = extension(el, 'zeebe:CalledDecision')?.decisionId as string | undefined;
        if (decision && !decision.startsWith('=')) facts.calledDecisions.push({ id: decision, element: where });
        const form = extension(el, 'zeebe:FormDefinition')?.formId as string | undefined;
        if (form && !form.startsWith('=')) facts.forms.push({ id: form, element: where });
        const catching = isCatchingMessage(el, parent);
        if (catching) {
          const message = catching.messageRef as ModdleElement | undefined;
          const key = message && (extension(message, 'zeebe:Subscription')?.correlationKey as string | undefined);
          if (!message) inventory.problems.push({ file, element: where, message: 'waits for a message but names none' });
          else if (!key) {
            inventory.problems.push({ file, element: where, message: `message "${message.name ?? message.id}" has no correlation key` });
          }
        }
        if (el.flowElements) visit(el);
      }
    };
    visit(proc);
  }
  return facts;
}

/** Checks models against the registered workers; the problems name file and element. */
export async function checkModels(files: ModelFile[], workerTypes: string[], workersFile = 'workers/index.ts'): Promise<ModelInventory> {
  const { inventory, bpmn } = await inspectModels(files);
  const workers = new Set(workerTypes);
  const modelled = new Set<string>();
  for (const facts of bpmn) {
    for (const { type, element } of facts.jobTypes) {
      modelled.add(type);
      if (!workers.has(type)) inventory.problems.push({ file: facts.file, element, message: `job type "${type}" has no worker` });
    }
    for (const { id, element } of facts.calledProcesses) {
      if (!inventory.processIds.has(id)) inventory.problems.push({ file: facts.file, element, message: `calls process "${id}", which no model defines` });
    }
    for (const { id, element } of facts.calledDecisions) {
      if (!inventory.decisionIds.has(id)) inventory.problems.push({ file: facts.file, element, message: `calls decision "${id}", which no model defines` });
    }
    for (const { id, element } of facts.forms) {
      if (!inventory.formIds.has(id)) inventory.problems.push({ file: facts.file, element, message: `links form "${id}", which no model defines` });
    }
  }
  for (const type of workers) {
    if (!modelled.has(type)) inventory.problems.push({ file: workersFile, message: `worker "${type}" serves a job type that no model uses` });
  }
  return inventory;
}

