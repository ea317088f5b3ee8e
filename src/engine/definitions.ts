// What each deployed process definition says about its elements (names, kinds, the flows out of a decision, forms,
// timers), read once from the engine per definition: the timeline and task views put it into words.
import BpmnModdle from 'bpmn-moddle';
import { z } from 'zod';
import type { ModdleElement } from './model-check';
import type { EngineClient } from './operaton';

export interface FlowInfo {
  id: string;
  name: string | null;
  target: string;
}

export interface ElementInfo {
  id: string;
  name: string | null;
  /** bpmn:UserTask, bpmn:ExclusiveGateway … */
  type: string;
  outgoing: FlowInfo[];
  /** camunda:formRef of a user task. */
  formRef: string | null;
  /** A timer's duration, cycle or date as written (PT2H, R/P2D, ${callBackBy}). */
  timer: string | null;
  /** camunda:candidateGroups and camunda:candidateUsers of a user task as written ("practitioners,team-managers", "${allocatedWorkerId}"). */
  candidateGroups: string | null;
  candidateUsers: string | null;
  /** Whether a task listener runs on it (one may add candidates as the task is created, as the follow-up call's does). */
  taskListeners: boolean;
}

export interface DefinitionInfo {
  id: string;
  name: string | null;
  elements: Map<string, ElementInfo>;
  /** The model as deployed (BPMN 2.0 XML, diagram included): what the staff app's diagram viewer draws. */
  xml: string;
}

const xmlAnswer = z.object({ id: z.string(), bpmn20Xml: z.string() });

interface Expression { body?: string }

function attr(el: ModdleElement, local: string): string | null {
  const attrs = (el.$attrs ?? {}) as Record<string, unknown>;
  const key = Object.keys(attrs).find((k) => k === local || k.endsWith(`:${local}`));
  return key && typeof attrs[key] === 'string' ? attrs[key] : null;
}

function timerOf(el: ModdleElement): string | null {
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  const timer = defs.find((d) => d.$type === 'bpmn:TimerEventDefinition');
  if (!timer) return null;
  const expr = (timer.timeDuration ?? timer.timeCycle ?? timer.timeDate) as Expression | undefined;
  return expr?.body?.trim() ?? null;
}

/** Every element of the process, sub-processes included. */
export async function parseDefinition(id: string, xml: string): Promise<DefinitionInfo> {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const elements = new Map<string, ElementInfo>();
  let name: string | null = null;
  const visit = (container: ModdleElement): void => {
    for (const el of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      if (!el.id || el.$type === 'bpmn:SequenceFlow') continue;
      elements.set(el.id, {
        id: el.id,
        name: el.name ?? null,
        type: el.$type,
        outgoing: ((el.outgoing as ModdleElement[] | undefined) ?? []).map((f) => ({
          id: f.id ?? '', name: f.name ?? null, target: (f.targetRef as ModdleElement | undefined)?.id ?? '',
        })),
        formRef: attr(el, 'formRef'),
        timer: timerOf(el),
        candidateGroups: attr(el, 'candidateGroups'),
        candidateUsers: attr(el, 'candidateUsers'),
        taskListeners: (((el.extensionElements as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? []).some((v) => /:taskListener$/i.test(v.$type)),
      });
      visit(el);
    }
  };
  for (const root of (rootElement.rootElements as ModdleElement[] | undefined) ?? []) {
    if (root.$type !== 'bpmn:Process') continue;
    name ??= root.name ?? null;
    visit(root);
  }
  return { id, name, elements, xml };
}

/** Definitions by id; a definition never changes once deployed, so each is read from the engine once. */
export function createDefinitions(engine: EngineClient) {
  const cache = new Map<string, Promise<DefinitionInfo>>();
  return {
    get(processDefinitionId: string): Promise<DefinitionInfo> {
      let found = cache.get(processDefinitionId);
      if (!found) {
        found = engine.get(`/process-definition/${encodeURIComponent(processDefinitionId)}/xml`, xmlAnswer)
          .then((a) => parseDefinition(processDefinitionId, a.bpmn20Xml));
        // A failed read is tried again next time rather than remembered.
        found.catch(() => cache.delete(processDefinitionId));
        cache.set(processDefinitionId, found);
      }
      return found;
    },
  };
}

export type Definitions = ReturnType<typeof createDefinitions>;
