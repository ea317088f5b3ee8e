// Checks the models before they are deployed: every external-task topic has a worker and every worker a topic; called
// processes, decisions and forms exist; and every message a model waits for is one the service sends, and sends so that
// it can be correlated (Camunda 7 models name no correlation key: the service correlates each message on a variable).
import fs from 'node:fs';
import path from 'node:path';
import BpmnModdle from 'bpmn-moddle';
import DmnModdle from 'dmn-moddle';
import camundaSchema from 'camunda-bpmn-moddle/resources/camunda.json';
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

/**
 * A message the service sends the engine. One that starts a journey (a message start event) carries the case id as the
 * new instance's business key; any other is correlated on a process variable of the journey waiting for it, which the
 * journey holds from its start message or a worker's output.
 */
export type ServiceMessage = { starts: true } | { correlatedOn: string };

/** The messages the service sends, by name: the engine adapter correlates each as it says here. */
export const SERVICE_MESSAGES = {
  'referral-made': { starts: true },
  'support-started': { starts: true },
  'review-requested': { starts: true },
  'referral-situation-changed': { correlatedOn: 'referralId' },
  'rac-decision': { correlatedOn: 'referralId' },
  'advocacy-settled': { correlatedOn: 'referralId' },
  'advocate-named': { correlatedOn: 'advocacyId' },
  'advocacy-ended': { correlatedOn: 'advocacyId' },
  'contact-not-urgent': { correlatedOn: 'contactId' },
} as const satisfies Record<string, ServiceMessage>;

export type ServiceMessageName = keyof typeof SERVICE_MESSAGES;

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

function label(el: ModdleElement): string {
  return el.name ? `"${el.name}" (${el.id})` : `${el.id}`;
}

/** A reference the engine resolves when the model runs, not at deployment: it cannot be checked here. */
const isExpression = (ref: string) => ref.includes('${') || ref.includes('#{');

/** The message an element waits for, and whether it starts a journey; undefined when it waits for none. */
function messageWaitedFor(el: ModdleElement, parent: ModdleElement): { definition: ModdleElement; starts: boolean } | undefined {
  if (el.$type === 'bpmn:ReceiveTask') return { definition: el, starts: false };
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  const msg = defs.find((d) => d.$type === 'bpmn:MessageEventDefinition');
  if (!msg) return undefined;
  if (el.$type === 'bpmn:IntermediateCatchEvent' || el.$type === 'bpmn:BoundaryEvent') return { definition: msg, starts: false };
  // A message start event of an event sub-process is correlated to the running journey; the process's own starts one.
  if (el.$type === 'bpmn:StartEvent') return { definition: msg, starts: parent.$type === 'bpmn:Process' };
  return undefined;
}

interface BpmnFacts {
  file: string;
  topics: { topic: string; element: string }[];
  calledProcesses: { id: string; element: string }[];
  calledDecisions: { id: string; element: string }[];
  forms: { id: string; element: string }[];
  messages: { name: string; starts: boolean; element: string }[];
}

export async function inspectModels(files: ModelFile[]): Promise<{ inventory: ModelInventory; bpmn: BpmnFacts[] }> {
  const bpmnModdle = new BpmnModdle({ camunda: camundaSchema });
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
  const facts: BpmnFacts = { file, topics: [], calledProcesses: [], calledDecisions: [], forms: [], messages: [] };
  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  for (const proc of processes) {
    if (proc.id) inventory.processIds.add(proc.id);
    const visit = (parent: ModdleElement): void => {
      for (const el of (parent.flowElements as ModdleElement[] | undefined) ?? []) {
        const where = label(el);
        if (el.$type === 'bpmn:ServiceTask' || el.$type === 'bpmn:SendTask' || el.$type === 'bpmn:BusinessRuleTask') {
          const type = el.type as string | undefined;
          const topic = el.topic as string | undefined;
          if (type === 'external') {
            if (!topic) inventory.problems.push({ file, element: where, message: 'is an external task without a topic' });
            else if (!isExpression(topic)) facts.topics.push({ topic, element: where });
          } else if (el.$type === 'bpmn:ServiceTask' && !el.class && !el.expression && !el.delegateExpression) {
            inventory.problems.push({ file, element: where, message: 'has no implementation: make it an external task (camunda:type="external") with a topic' });
          } else if (el.$type === 'bpmn:BusinessRuleTask' && !el.decisionRef && !el.class && !el.expression && !el.delegateExpression) {
            inventory.problems.push({ file, element: where, message: 'calls no decision (camunda:decisionRef)' });
          }
        }
        const called = el.$type === 'bpmn:CallActivity' ? (el.calledElement as string | undefined) : undefined;
        if (el.$type === 'bpmn:CallActivity' && !called) inventory.problems.push({ file, element: where, message: 'calls no process' });
        if (called && !isExpression(called)) facts.calledProcesses.push({ id: called, element: where });
        const decision = el.$type === 'bpmn:BusinessRuleTask' ? (el.decisionRef as string | undefined) : undefined;
        if (decision && !isExpression(decision)) facts.calledDecisions.push({ id: decision, element: where });
        const form = el.formRef as string | undefined;
        if (form && !isExpression(form)) {
          facts.forms.push({ id: form, element: where });
          // The forms are deployed with the processes: a process finds its own, whatever is deployed later.
          if (el.formRefBinding !== 'deployment') {
            inventory.problems.push({ file, element: where, message: `links form "${form}" without camunda:formRefBinding="deployment"` });
          }
        }
        const waiting = messageWaitedFor(el, parent);
        if (waiting) {
          const message = waiting.definition.messageRef as ModdleElement | undefined;
          if (!message?.name) inventory.problems.push({ file, element: where, message: 'waits for a message but names none' });
          else facts.messages.push({ name: message.name, starts: waiting.starts, element: where });
        }
        if (el.flowElements) visit(el);
      }
    };
    visit(proc);
  }
  return facts;
}

/**
 * Checks models against the registered workers and the messages the service sends; the problems name file and element.
 * `messages` are the service's (SERVICE_MESSAGES) unless a test gives its own.
 */
export async function checkModels(
  files: ModelFile[], workerTypes: string[], workersFile = 'workers/index.ts',
  messages: Record<string, ServiceMessage> = SERVICE_MESSAGES, messagesFile = 'src/engine/model-check.ts',
): Promise<ModelInventory> {
  const { inventory, bpmn } = await inspectModels(files);
  const workers = new Set(workerTypes);
  const modelled = new Set<string>();
  const awaited = new Set<string>();
  for (const facts of bpmn) {
    for (const { topic, element } of facts.topics) {
      modelled.add(topic);
      if (!workers.has(topic)) inventory.problems.push({ file: facts.file, element, message: `topic "${topic}" has no worker` });
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
    for (const { name, starts, element } of facts.messages) {
      awaited.add(name);
      const sent = Object.hasOwn(messages, name) ? messages[name] : undefined;
      if (!sent) inventory.problems.push({ file: facts.file, element, message: `waits for message "${name}", which the service never sends` });
      else if (starts && !('starts' in sent)) {
        inventory.problems.push({ file: facts.file, element, message: `starts on message "${name}", which the service sends to a waiting journey (correlated on ${sent.correlatedOn}), not to start one` });
      } else if (!starts && 'starts' in sent) {
        inventory.problems.push({ file: facts.file, element, message: `waits for message "${name}", which the service sends only to start a journey: nothing would correlate it here` });
      }
    }
  }
  for (const type of workers) {
    if (!modelled.has(type)) inventory.problems.push({ file: workersFile, message: `worker "${type}" serves a topic that no model uses` });
  }
  for (const name of Object.keys(messages)) {
    if (!awaited.has(name)) inventory.problems.push({ file: messagesFile, message: `the service sends message "${name}", which no model waits for` });
  }
  return inventory;
}
