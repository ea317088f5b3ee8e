// What the engine itself knows, read from its runtime and history over REST: tasks with their candidate groups and form,
// a case's timeline in plain words, incidents, waiting timers and due tasks, and the triage tasks behind the 2-hour
// standard. No second copy: every answer is the engine's own.
import { z } from 'zod';
import { describeDuration } from '../domain/contact';
import type { TaskListFilter } from '../domain/inbox';
import type { Concerns, TaskView } from '../domain/tasks';
import { createDefinitions, type DefinitionInfo, type Definitions, type ElementInfo } from './definitions';
import { dateTime, EngineRefusal, engineDate, type EngineClient } from './operaton';

/** The domain's task filter (src/domain/inbox.ts), and one group of the caller's for the API's older callers. */
export interface TaskFilter extends TaskListFilter {
  candidateGroup?: string;
}

export interface TimelineEntry {
  at: Date;
  /** began / ended / stopped (a journey); started / done / cancelled (a step); decided; waiting; happened. */
  event: string;
  step: string;
  /** The engine's kind of step: process, userTask, serviceTask, exclusiveGateway, boundaryTimer … */
  type: string;
  /** What happened, in plain words: "Triage the contact: done by ada.advisor", "Safeguarding at once?: No". */
  text: string;
  /** Which of the case's journeys it happened in, by name and id, and what that journey is about. */
  journey: { processInstanceId: string; name: string; concerns: Concerns | null };
}

export interface Incident {
  key: string; processInstanceKey: string; process: string; step: string; errorType: string; errorMessage: string;
  state: 'open' | 'resolved' | 'deleted'; createdAt: Date; resolvedAt: Date | null;
}

export interface Deadline { kind: 'timer' | 'task'; key: string; processInstanceKey: string | null; step: string; dueAt: Date; breached: boolean }

/** One step of a journey as the case page lists it beside the diagram. */
export interface PathStep { id: string; name: string; state: 'done' | 'waiting' | 'cancelled' }

/**
 * Where one journey of a case has been and where it waits now, by the model's element ids (no personal data: ids of
 * steps and of the flows between them), and its named steps in the order taken, for those who cannot see the diagram.
 */
export interface JourneyPath {
  processInstanceId: string;
  processDefinitionId: string;
  name: string;
  state: JourneySummary['state'];
  /** The steps passed, and the flows between two of them (a flow counts when both its ends were reached). */
  passed: string[];
  /** The steps open now: a task to do, a timer or message awaited, work under way. */
  waiting: string[];
  steps: PathStep[];
}

/** One triage of a contact, for the 2-hour standard. */
export interface TriageRecord { caseId: string | null; createdAt: Date; endedAt: Date | null; dueAt: Date | null; state: TaskView['state'] }

const opt = <T extends z.ZodTypeAny>(t: T) => t.nullish().transform((v) => v ?? null);

const runtimeTask = z.object({
  id: z.string(), name: opt(z.string()), assignee: opt(z.string()), created: dateTime, due: opt(dateTime), priority: z.number(),
  processInstanceId: opt(z.string()), processDefinitionId: opt(z.string()), taskDefinitionKey: opt(z.string()),
  operatonFormRef: opt(z.object({ key: z.string() }).passthrough()),
}).passthrough();
type RuntimeTask = z.infer<typeof runtimeTask>;

const historicTask = z.object({
  id: z.string(), name: opt(z.string()), assignee: opt(z.string()), startTime: dateTime, endTime: opt(dateTime), due: opt(dateTime),
  priority: z.number(), processInstanceId: opt(z.string()), processDefinitionId: opt(z.string()), taskDefinitionKey: opt(z.string()),
  deleteReason: opt(z.string()),
}).passthrough();
type HistoricTask = z.infer<typeof historicTask>;

const historicVariable = z.object({ name: z.string(), value: z.unknown(), processInstanceId: opt(z.string()) }).passthrough();

/** What never changes about a journey: its case (business key), its process, and the journey that called it. */
interface InstanceInfo { businessKey: string | null; processDefinitionKey: string | null; superProcessInstanceId: string | null }

/** The ids a journey holds that say what it is about (never personal data). */
const CONCERN_VARIABLES = ['referralId', 'advocacyId', 'forId', 'careAndSupportProcess'];

/**
 * What a journey (and each of its tasks) is about, from the ids it holds: a contact's journeys are about the contact, a
 * referral's about the referral (or reassessment), a review's about that review (its journey's id), advocacy about the
 * advocacy referral once made, and before that about the referral or review it is for; a RAC meeting's about the meeting.
 */
export function concernsOf(id: string, info: InstanceInfo, vars: Map<string, unknown>): Concerns | null {
  const text = (name: string) => { const v = vars.get(name); return typeof v === 'string' && v ? v : undefined; };
  switch (info.processDefinitionKey) {
    case 'receiving-a-contact':
    case 'transferring-a-contact':
      return info.businessKey ? { kind: 'contact', id: info.businessKey } : null;
    case 'referral-for-assessment': {
      const referralId = text('referralId');
      return referralId ? { kind: 'referral', id: referralId } : null;
    }
    case 'reviewing-care-and-support':
      return { kind: 'review', id };
    case 'arranging-advocacy': {
      const advocacyId = text('advocacyId');
      if (advocacyId) return { kind: 'advocacy', id: advocacyId };
      if (text('careAndSupportProcess') === 'review') return info.superProcessInstanceId ? { kind: 'review', id: info.superProcessInstanceId } : null;
      const forId = text('forId');
      return forId ? { kind: 'referral', id: forId } : null;
    }
    case 'rac-meeting':
      return { kind: 'rac-meeting', id };
    default:
      return null;
  }
}

/** A journey of a case, as the case record lists it. */
export interface JourneySummary {
  processInstanceId: string;
  /** The process's name in words: "Referral for assessment". */
  process: string;
  state: 'running' | 'ended' | 'stopped';
  startedAt: Date;
  endedAt: Date | null;
  concerns: Concerns | null;
}

function journeyState(i: HistoricInstance): JourneySummary['state'] {
  if (!i.endTime) return 'running';
  return i.state === 'EXTERNALLY_TERMINATED' || i.state === 'INTERNALLY_TERMINATED' ? 'stopped' : 'ended';
}

/** A journey's name in words: its process's name. */
const journeyName = (i: HistoricInstance, def?: DefinitionInfo) => i.processDefinitionName ?? def?.name ?? i.processDefinitionKey ?? 'Journey';

const identityLink = z.object({ userId: opt(z.string()), groupId: opt(z.string()), type: z.string() });
const historicLink = z.object({
  time: dateTime, type: opt(z.string()), userId: opt(z.string()), groupId: opt(z.string()), operationType: opt(z.string()),
});

const historicInstance = z.object({
  id: z.string(), businessKey: opt(z.string()), processDefinitionId: z.string(), processDefinitionKey: opt(z.string()),
  processDefinitionName: opt(z.string()), startTime: dateTime, endTime: opt(dateTime), state: opt(z.string()),
  superProcessInstanceId: opt(z.string()),
}).passthrough();
type HistoricInstance = z.infer<typeof historicInstance>;

const historicActivity = z.object({
  id: z.string(), activityId: z.string(), activityName: opt(z.string()), activityType: z.string(), processInstanceId: z.string(),
  assignee: opt(z.string()), startTime: dateTime, endTime: opt(dateTime), canceled: opt(z.boolean()),
}).passthrough();
type HistoricActivity = z.infer<typeof historicActivity>;

const historicIncident = z.object({
  id: z.string(), processInstanceId: opt(z.string()), processDefinitionId: opt(z.string()), processDefinitionKey: opt(z.string()),
  activityId: opt(z.string()), failedActivityId: opt(z.string()), incidentType: z.string(), incidentMessage: opt(z.string()),
  createTime: dateTime, endTime: opt(dateTime), open: opt(z.boolean()), resolved: opt(z.boolean()), deleted: opt(z.boolean()),
}).passthrough();

const job = z.object({
  id: z.string(), jobDefinitionId: opt(z.string()), processInstanceId: opt(z.string()), processDefinitionId: opt(z.string()),
  processDefinitionKey: opt(z.string()), dueDate: opt(dateTime),
}).passthrough();
const jobDefinition = z.object({ id: z.string(), activityId: opt(z.string()) }).passthrough();
const count = z.object({ count: z.number() });

/** Runs fn over items, at most `limit` at a time, keeping their order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

const PARALLEL = 8;
const MAX_LIST = 1000;

// Inbox order (C11): the highest priority first (a 999 call is 100, an urgent letter's triage 80), then the earliest due,
// so the task nearest its deadline or furthest past it comes first; PostgreSQL puts tasks with no due date after those
// with one. Among equals, the oldest first: it has waited longest.
const RUNTIME_ORDER = [{ sortBy: 'priority', sortOrder: 'desc' }, { sortBy: 'dueDate', sortOrder: 'asc' }, { sortBy: 'created', sortOrder: 'asc' }];
const HISTORY_ORDER = [{ sortBy: 'priority', sortOrder: 'desc' }, { sortBy: 'dueDate', sortOrder: 'asc' }, { sortBy: 'startTime', sortOrder: 'asc' }];

function candidates(links: { type: string | null; userId: string | null; groupId: string | null }[]) {
  const groups = new Set<string>();
  const users = new Set<string>();
  for (const l of links) {
    if (l.type !== 'candidate') continue;
    if (l.groupId) groups.add(l.groupId);
    if (l.userId) users.add(l.userId);
  }
  return { candidateGroups: [...groups].sort(), candidateUsers: [...users].sort() };
}

function historicState(t: HistoricTask): TaskView['state'] {
  if (!t.endTime) return 'created';
  return t.deleteReason === 'completed' ? 'completed' : 'cancelled';
}

/** "PT2H" → "2 hours passed"; a cycle's period the same; a date or a cron expression has no length to tell. */
function timerWords(timer: string | null): string | null {
  const period = timer?.replace(/^R\d*\//, '');
  return period && /^P/.test(period) ? `${describeDuration(period)} passed` : null;
}

const GATEWAYS = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway']);
const WORK_TYPES = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ScriptTask', 'bpmn:BusinessRuleTask', 'bpmn:Task', 'bpmn:ManualTask'];
const WORK = new Set(WORK_TYPES);

/**
 * Activities starting in the same millisecond come back in no particular order: put each after the step it followed
 * in the model, where that is among them.
 */
function inModelOrder(acts: HistoricActivity[], def: DefinitionInfo): HistoricActivity[] {
  const out: HistoricActivity[] = [];
  for (let i = 0; i < acts.length;) {
    let j = i;
    while (j < acts.length && acts[j]!.startTime.getTime() === acts[i]!.startTime.getTime()) j++;
    const group = acts.slice(i, j);
    while (group.length) {
      const targets = (a: HistoricActivity) => new Set(def.elements.get(a.activityId)?.outgoing.map((f) => f.target) ?? []);
      const first = group.findIndex((a) => !group.some((b) => b !== a && targets(b).has(a.activityId)));
      out.push(...group.splice(first < 0 ? 0 : first, 1));
    }
    i = j;
  }
  return out;
}

/** One journey's steps in plain words: what a person reading the case needs, not every element's start and end. */
export function describeJourney(instance: HistoricInstance, acts: HistoricActivity[], def: DefinitionInfo, concerns: Concerns | null = null): TimelineEntry[] {
  const journey = journeyName(instance, def);
  const which = { processInstanceId: instance.id, name: journey, concerns };
  const entries: TimelineEntry[] = [{ at: instance.startTime, event: 'began', step: journey, type: 'process', text: `${journey} began`, journey: which }];
  const ordered = inModelOrder(acts, def);
  ordered.forEach((a, index) => {
    const el: ElementInfo | undefined = def.elements.get(a.activityId);
    if (!el) return; // a multi-instance body and the like: its inner steps speak for it
    const step = el.name ?? a.activityName ?? a.activityId;
    const add = (at: Date, event: string, text: string) => entries.push({ at, event, step, type: a.activityType, text, journey: which });
    const timer = timerWords(el.timer);
    switch (el.type) {
      case 'bpmn:UserTask':
        add(a.startTime, 'started', `${step}: to do`);
        if (a.endTime) add(a.endTime, a.canceled ? 'cancelled' : 'done', a.canceled ? `${step}: no longer needed` : a.assignee ? `${step}: done by ${a.assignee}` : `${step}: done`);
        return;
      case 'bpmn:ReceiveTask':
        add(a.startTime, 'waiting', step);
        if (a.endTime && !a.canceled) add(a.endTime, 'done', `${step}: over`);
        return;
      case 'bpmn:IntermediateCatchEvent':
        add(a.startTime, 'waiting', `Waiting: ${step}`);
        if (a.endTime && !a.canceled) add(a.endTime, 'happened', timer ?? `${step}: the time came`);
        return;
      case 'bpmn:BoundaryEvent':
        add(a.startTime, 'happened', timer ?? step);
        return;
      case 'bpmn:StartEvent':
      case 'bpmn:EndEvent':
      case 'bpmn:IntermediateThrowEvent':
        if (el.name) add(a.startTime, 'happened', el.name);
        return;
      case 'bpmn:CallActivity':
      case 'bpmn:SubProcess':
      case 'bpmn:ParallelGateway':
      case 'bpmn:EventBasedGateway':
        return; // the called journey's own entries, or the steps each branch takes, tell it
      default:
        break;
    }
    if (GATEWAYS.has(el.type)) {
      if (el.outgoing.length < 2 || !a.endTime) return;
      const byTarget = new Map(el.outgoing.map((f) => [f.target, f]));
      const taken: string[] = [];
      for (const next of ordered.slice(index + 1)) {
        if (next.startTime.getTime() > a.endTime.getTime() + 1000) break;
        const flow = byTarget.get(next.activityId);
        if (!flow) continue;
        byTarget.delete(next.activityId);
        taken.push(flow.name ?? def.elements.get(flow.target)?.name ?? flow.target);
        if (el.type === 'bpmn:ExclusiveGateway') break;
      }
      if (taken.length) add(a.endTime, 'decided', `${el.name ?? 'Decided'}: ${taken.join(' and ')}`);
      return;
    }
    if (WORK.has(el.type)) {
      if (!a.endTime) add(a.startTime, 'started', `${step}: under way`);
      else add(a.endTime, a.canceled ? 'cancelled' : 'done', a.canceled ? `${step}: stopped` : `${step}: done`);
    }
  });
  if (instance.endTime) {
    const stopped = instance.state === 'EXTERNALLY_TERMINATED' || instance.state === 'INTERNALLY_TERMINATED';
    entries.push({ at: instance.endTime, event: stopped ? 'stopped' : 'ended', step: journey, type: 'process', text: stopped ? `${journey} was stopped` : `${journey} ended`, journey: which });
  }
  return entries;
}

// Steps worth naming in the text list beside the diagram; the timeline tells the decisions and gateways.
const LISTED = new Set(['bpmn:UserTask', 'bpmn:ReceiveTask', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:StartEvent', 'bpmn:EndEvent',
  'bpmn:IntermediateThrowEvent', 'bpmn:CallActivity', 'bpmn:SubProcess', ...WORK_TYPES]);

/** One journey's path through its model, from its activity history. */
export function pathOf(instance: HistoricInstance, acts: HistoricActivity[], def: DefinitionInfo): JourneyPath {
  const known = acts.filter((a) => def.elements.has(a.activityId));
  const waiting = new Set(known.filter((a) => !a.endTime).map((a) => a.activityId));
  const reached = new Set(known.map((a) => a.activityId));
  const passed = new Set(known.filter((a) => a.endTime).map((a) => a.activityId));
  for (const id of passed) {
    for (const flow of def.elements.get(id)?.outgoing ?? []) {
      if (flow.id && reached.has(flow.target)) passed.add(flow.id);
    }
  }
  const steps: PathStep[] = [];
  for (const a of inModelOrder(known, def)) {
    const el = def.elements.get(a.activityId) as ElementInfo;
    if (!el.name || !LISTED.has(el.type)) continue;
    steps.push({ id: el.id, name: el.name, state: !a.endTime ? 'waiting' : a.canceled ? 'cancelled' : 'done' });
  }
  return {
    processInstanceId: instance.id, processDefinitionId: instance.processDefinitionId, name: journeyName(instance, def), state: journeyState(instance),
    passed: [...passed], waiting: [...waiting], steps,
  };
}

export function createEngineReadModel(engine: EngineClient, definitions: Definitions = createDefinitions(engine)) {
  // A process instance's business key, process and caller never change: each is asked for once.
  const instanceInfo = new Map<string, InstanceInfo>();
  const jobActivities = new Map<string, Promise<Map<string, string>>>();
  const remember = (p: HistoricInstance) => {
    instanceInfo.set(p.id, { businessKey: p.businessKey, processDefinitionKey: p.processDefinitionKey, superProcessInstanceId: p.superProcessInstanceId });
  };

  async function instancesOf(ids: (string | null)[]): Promise<Map<string, InstanceInfo>> {
    const missing = [...new Set(ids.filter((id): id is string => !!id && !instanceInfo.has(id)))];
    for (let i = 0; i < missing.length; i += 500) {
      const chunk = missing.slice(i, i + 500);
      const found = await engine.post('/history/process-instance', { processInstanceIds: chunk }, z.array(historicInstance), { query: { maxResults: chunk.length } });
      if (instanceInfo.size > 50_000) instanceInfo.clear();
      found.forEach(remember);
    }
    return instanceInfo;
  }

  /** What each journey is about; read afresh each time, since an id such as advocacyId is set as the journey goes. */
  async function concernsFor(ids: (string | null)[]): Promise<Map<string, Concerns | null>> {
    const unique = [...new Set(ids.filter((id): id is string => !!id))];
    const infos = await instancesOf(unique);
    const vars = new Map<string, Map<string, unknown>>();
    for (let i = 0; i < unique.length; i += 200) {
      const chunk = unique.slice(i, i + 200);
      const found = await engine.post('/history/variable-instance', { processInstanceIdIn: chunk, variableNameIn: CONCERN_VARIABLES }, z.array(historicVariable), {
        query: { maxResults: chunk.length * CONCERN_VARIABLES.length * 4, deserializeValues: false },
      });
      for (const v of found) {
        if (!v.processInstanceId) continue;
        const of = vars.get(v.processInstanceId) ?? new Map<string, unknown>();
        if (!of.has(v.name)) of.set(v.name, v.value);
        vars.set(v.processInstanceId, of);
      }
    }
    return new Map(unique.map((id) => {
      const info = infos.get(id);
      return [id, info ? concernsOf(id, info, vars.get(id) ?? new Map<string, unknown>()) : null];
    }));
  }

  /** The case id and what it is about, for each task's journey. */
  async function lookups(ids: (string | null)[]) {
    const [infos, concerns] = await Promise.all([instancesOf(ids), concernsFor(ids)]);
    return {
      caseId: (id: string | null): string | null => (id ? infos.get(id)?.businessKey ?? null : null),
      concerns: (id: string | null): Concerns | null => (id ? concerns.get(id) ?? null : null),
    };
  }
  type Lookups = Awaited<ReturnType<typeof lookups>>;

  /** Every journey with this case id as its business key (called journeys carry it too), oldest first. */
  async function caseInstances(caseId: string): Promise<HistoricInstance[]> {
    const journeys = await engine.post('/history/process-instance', {
      processInstanceBusinessKey: caseId, sorting: [{ sortBy: 'startTime', sortOrder: 'asc' }],
    }, z.array(historicInstance), { query: { maxResults: 200 } });
    journeys.forEach(remember);
    return journeys;
  }

  /** Every step a journey has started, oldest first (history: ended and open alike). */
  function activitiesOf(processInstanceId: string): Promise<HistoricActivity[]> {
    return engine.post('/history/activity-instance', {
      processInstanceId, sorting: [{ sortBy: 'startTime', sortOrder: 'asc' }, { sortBy: 'endTime', sortOrder: 'asc' }],
    }, z.array(historicActivity), { query: { maxResults: 5000 } });
  }

  async function stepName(processDefinitionId: string | null, activityId: string | null): Promise<string> {
    if (!processDefinitionId || !activityId) return activityId ?? '';
    const def = await definitions.get(processDefinitionId).catch(() => undefined);
    return def?.elements.get(activityId)?.name ?? activityId;
  }

  async function formOf(processDefinitionId: string | null, taskDefinitionKey: string | null): Promise<string | null> {
    if (!processDefinitionId || !taskDefinitionKey) return null;
    return (await definitions.get(processDefinitionId)).elements.get(taskDefinitionKey)?.formRef ?? null;
  }

  /**
   * Who an open task is offered to, as its model says when that is fixed (no expression in camunda:candidateGroups,
   * no camunda:candidateUsers, no task listener, which may add candidates): nothing in the service adds or removes a
   * task's candidates after it is created, so the model's list is the engine's. Undefined when only the engine's
   * identity links can say.
   */
  async function candidatesInModel(t: RuntimeTask): Promise<ReturnType<typeof candidates> | undefined> {
    if (!t.processDefinitionId || !t.taskDefinitionKey) return undefined;
    const el = (await definitions.get(t.processDefinitionId)).elements.get(t.taskDefinitionKey);
    if (!el || el.candidateUsers || el.taskListeners || /[$#]\{/.test(el.candidateGroups ?? '')) return undefined;
    const groups = (el.candidateGroups ?? '').split(',').map((g) => g.trim()).filter(Boolean);
    return { candidateGroups: [...new Set(groups)].sort(), candidateUsers: [] };
  }

  async function runtimeView(t: RuntimeTask, of: Lookups): Promise<TaskView> {
    // An inbox page of 50 tasks would otherwise be 50 reads of identity links: read them only where the model cannot say.
    let offeredTo = await candidatesInModel(t);
    if (!offeredTo) {
      try {
        offeredTo = candidates(await engine.get(`/task/${encodeURIComponent(t.id)}/identity-links`, z.array(identityLink)));
      } catch (err) {
        // The task ended between the list and this read (the engine answers "task is null"): show it as history has it.
        if (!(err instanceof EngineRefusal && (err.httpStatus === 404 || err.type === 'NullValueException'))) throw err;
        const [ended] = await engine.get('/history/task', z.array(historicTask), { query: { taskId: t.id } });
        if (!ended) throw err;
        return historicView(ended, of);
      }
    }
    return {
      key: t.id, name: t.name, processInstanceKey: t.processInstanceId ?? '', state: 'created', assignee: t.assignee, ...offeredTo,
      formId: t.operatonFormRef?.key ?? (await formOf(t.processDefinitionId, t.taskDefinitionKey)),
      dueDate: t.due, priority: t.priority, createdAt: t.created, caseId: of.caseId(t.processInstanceId), concerns: of.concerns(t.processInstanceId),
    };
  }

  async function historicView(t: HistoricTask, of: Lookups): Promise<TaskView> {
    const log = await engine.get('/history/identity-link-log', z.array(historicLink), { query: { taskId: t.id, sortBy: 'time', sortOrder: 'asc' } });
    // The log holds each add and delete: replay it to what the task was offered to last.
    const current = new Map<string, { type: string | null; userId: string | null; groupId: string | null }>();
    for (const l of log) {
      const k = `${l.type}:${l.userId ?? ''}:${l.groupId ?? ''}`;
      if (l.operationType === 'delete') current.delete(k);
      else current.set(k, l);
    }
    return {
      key: t.id, name: t.name, processInstanceKey: t.processInstanceId ?? '', state: historicState(t), assignee: t.assignee,
      ...candidates([...current.values()]),
      formId: await formOf(t.processDefinitionId, t.taskDefinitionKey),
      dueDate: t.due, priority: t.priority, createdAt: t.startTime, caseId: of.caseId(t.processInstanceId), concerns: of.concerns(t.processInstanceId),
    };
  }

  const runtimeViews = async (tasks: RuntimeTask[]) => {
    const of = await lookups(tasks.map((t) => t.processInstanceId));
    return mapLimit(tasks, PARALLEL, (t) => runtimeView(t, of));
  };
  const historicViews = async (tasks: HistoricTask[]) => {
    const of = await lookups(tasks.map((t) => t.processInstanceId));
    return mapLimit(tasks, PARALLEL, (t) => historicView(t, of));
  };

  /** The history query for these groups: one or two exactly (Operaton ORs at most two group conditions in one query). */
  function historyQueries(groups: string[], f: TaskFilter): Record<string, unknown>[] {
    const base: Record<string, unknown> = {
      ...(f.caseId ? { processInstanceBusinessKey: f.caseId } : {}),
      ...(f.assignee ? { taskAssignee: f.assignee } : {}),
      ...(f.unassigned ? { unassigned: true } : {}),
      ...(f.state === 'created' ? { unfinished: true } : {}),
      ...(f.state === 'completed' ? { finished: true, taskDeleteReason: 'completed' } : {}),
      ...(f.state === 'cancelled' ? { finished: true, taskDeleteReason: 'deleted' } : {}),
    };
    const queries: Record<string, unknown>[] = [];
    for (let i = 0; i < groups.length; i += 2) {
      const [a, b] = groups.slice(i, i + 2);
      queries.push(b ? { ...base, orQueries: [{ taskHadCandidateGroup: a, taskInvolvedGroup: b }] } : { ...base, taskHadCandidateGroup: a });
    }
    return queries;
  }

  async function listTasks(f: TaskFilter): Promise<{ tasks: TaskView[]; total: number }> {
    // A group filter outside the caller's groups could only show tasks they may not see.
    const groups = f.candidateGroup ? f.groups.filter((g) => g === f.candidateGroup) : [...new Set(f.groups)];
    if (!groups.length) return { tasks: [], total: 0 };
    const firstResult = (f.page - 1) * f.pageSize;
    if (f.state === 'created') {
      // Open tasks: the runtime query takes any number of groups, and holds the form with each task.
      const q = {
        candidateGroups: groups, includeAssignedTasks: true,
        ...(f.caseId ? { processInstanceBusinessKey: f.caseId } : {}), ...(f.assignee ? { assignee: f.assignee } : {}),
        ...(f.unassigned ? { unassigned: true } : {}),
      };
      const [page, total] = await Promise.all([
        engine.post('/task', { ...q, sorting: RUNTIME_ORDER }, z.array(runtimeTask), { query: { firstResult, maxResults: f.pageSize } }),
        engine.post('/task/count', q, count),
      ]);
      return { tasks: await runtimeViews(page), total: total.count };
    }
    const queries = historyQueries(groups, f);
    if (queries.length === 1) {
      const [page, total] = await Promise.all([
        engine.post('/history/task', { ...queries[0], sorting: HISTORY_ORDER }, z.array(historicTask), { query: { firstResult, maxResults: f.pageSize } }),
        engine.post('/history/task/count', queries[0], count),
      ]);
      return { tasks: await historicViews(page), total: total.count };
    }
    // Three groups or more: each pair's tasks, merged. The total is exact up to MAX_LIST tasks per pair.
    const lists = await Promise.all(queries.map((q) =>
      engine.post('/history/task', { ...q, sorting: HISTORY_ORDER }, z.array(historicTask), { query: { firstResult: 0, maxResults: MAX_LIST } })));
    const merged = [...new Map(lists.flat().map((t) => [t.id, t])).values()].sort((x, y) =>
      y.priority - x.priority || (x.due?.getTime() ?? Infinity) - (y.due?.getTime() ?? Infinity) || x.startTime.getTime() - y.startTime.getTime());
    return { tasks: await historicViews(merged.slice(firstResult, firstResult + f.pageSize)), total: merged.length };
  }

  /**
   * A read that met a task or instance ending under it (the engine answers 500: "task is null" and the like) is read
   * again, at most twice: reads change nothing, and the second sees the engine after the change.
   */
  async function readAgainOnRace<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (!(err instanceof EngineRefusal && err.httpStatus >= 500) || attempt >= 2) throw err;
        await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
      }
    }
  }

  return {
    findTask: (id: string): Promise<TaskView | undefined> => readAgainOnRace(async () => {
      try {
        const t = await engine.get(`/task/${encodeURIComponent(id)}`, runtimeTask);
        return (await runtimeViews([t]))[0];
      } catch (err) {
        if (!(err instanceof EngineRefusal && err.httpStatus === 404)) throw err;
      }
      const [t] = await engine.get('/history/task', z.array(historicTask), { query: { taskId: id } });
      return t && (await historicViews([t]))[0];
    }),

    /** A page of the tasks offered to the caller's groups, most urgent first (RUNTIME_ORDER). */
    listTasks: (f: TaskFilter): Promise<{ tasks: TaskView[]; total: number }> => readAgainOnRace(() => listTasks(f)),

    /** Every journey with this case id as its business key, oldest first: its process in words, whether it runs, and what it is about. */
    async caseJourneys(caseId: string): Promise<JourneySummary[]> {
      const journeys = await caseInstances(caseId);
      const concerns = await concernsFor(journeys.map((j) => j.id));
      return journeys.map((j) => ({
        processInstanceId: j.id, process: journeyName(j), state: journeyState(j), startedAt: j.startTime, endedAt: j.endTime, concerns: concerns.get(j.id) ?? null,
      }));
    },

    /**
     * The events of every journey of the case (the contact's, its referrals', advocacy's, reviews'), step by step in
     * plain words, in time order, each saying which journey it happened in.
     */
    async caseTimeline(caseId: string): Promise<TimelineEntry[]> {
      const journeys = await caseInstances(caseId);
      const concerns = await concernsFor(journeys.map((j) => j.id));
      const parts = await mapLimit(journeys, 4, async (j) => {
        const [def, acts] = await Promise.all([definitions.get(j.processDefinitionId), activitiesOf(j.id)]);
        return describeJourney(j, acts, def, concerns.get(j.id) ?? null);
      });
      // Stable: entries of one moment keep their journey's and their model's order.
      return parts.flat().map((e, i) => ({ e, i })).sort((x, y) => x.e.at.getTime() - y.e.at.getTime() || x.i - y.i).map(({ e }) => e);
    },

    /** Each journey of the case, oldest first: where it has been and where it waits now (JourneyPath). */
    async casePaths(caseId: string): Promise<JourneyPath[]> {
      const journeys = await caseInstances(caseId);
      return mapLimit(journeys, 4, async (j) => {
        const [def, acts] = await Promise.all([definitions.get(j.processDefinitionId), activitiesOf(j.id)]);
        return pathOf(j, acts, def);
      });
    },

    /** A process definition's BPMN XML as deployed: the model, with no case's data in it. */
    diagramXml: async (processDefinitionId: string): Promise<string> => (await definitions.get(processDefinitionId)).xml,

    async incidents(state?: 'open' | 'resolved'): Promise<Incident[]> {
      const found = await engine.get('/history/incident', z.array(historicIncident), {
        query: { ...(state === 'open' ? { open: true } : state === 'resolved' ? { resolved: true } : {}), sortBy: 'createTime', sortOrder: 'desc', maxResults: 500 },
      });
      return mapLimit(found, PARALLEL, async (i) => ({
        key: i.id, processInstanceKey: i.processInstanceId ?? '', process: i.processDefinitionKey ?? '',
        step: await stepName(i.processDefinitionId, i.failedActivityId ?? i.activityId),
        errorType: i.incidentType, errorMessage: i.incidentMessage ?? '',
        state: i.open ? 'open' as const : i.resolved ? 'resolved' as const : 'deleted' as const,
        createdAt: i.createTime, resolvedAt: i.resolved ? i.endTime : null,
      }));
    },

    /** Waiting timers and open tasks due by `until`; breached when due before `now` (engine time). */
    async deadlines(now: Date, until: Date): Promise<Deadline[]> {
      const before = engineDate(new Date(until.getTime() + 1));
      const [timers, tasks] = await Promise.all([
        engine.post('/job', { timers: true, dueDates: [{ operator: 'lt', value: before }], sorting: [{ sortBy: 'jobDueDate', sortOrder: 'asc' }] },
          z.array(job), { query: { maxResults: MAX_LIST } }),
        engine.post('/task', { dueBefore: before, sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }] }, z.array(runtimeTask), { query: { maxResults: MAX_LIST } }),
      ]);
      const activityOf = async (j: z.infer<typeof job>): Promise<string | null> => {
        if (!j.processDefinitionId || !j.jobDefinitionId) return null;
        let byId = jobActivities.get(j.processDefinitionId);
        if (!byId) {
          byId = engine.get('/job-definition', z.array(jobDefinition), { query: { processDefinitionId: j.processDefinitionId } })
            .then((defs) => new Map(defs.map((d) => [d.id, d.activityId ?? ''])));
          byId.catch(() => jobActivities.delete(j.processDefinitionId ?? ''));
          jobActivities.set(j.processDefinitionId, byId);
        }
        return (await byId).get(j.jobDefinitionId) ?? null;
      };
      const timerDeadlines = await mapLimit(timers.filter((t) => t.dueDate), PARALLEL, async (t): Promise<Deadline> => ({
        kind: 'timer', key: t.id, processInstanceKey: t.processInstanceId, step: await stepName(t.processDefinitionId, await activityOf(t)),
        dueAt: t.dueDate as Date, breached: (t.dueDate as Date) < now,
      }));
      const taskDeadlines = tasks.filter((t) => t.due).map((t): Deadline => ({
        kind: 'task', key: t.id, processInstanceKey: t.processInstanceId, step: t.name ?? t.taskDefinitionKey ?? t.id, dueAt: t.due as Date, breached: (t.due as Date) < now,
      }));
      return [...timerDeadlines, ...taskDeadlines].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, MAX_LIST);
    },

    /** Every triage of a contact created since `since`, with its case id: the 2-hour standard is measured on these. */
    async triagesSince(since: Date): Promise<TriageRecord[]> {
      const all: HistoricTask[] = [];
      for (let firstResult = 0; ; firstResult += MAX_LIST) {
        const page = await engine.get('/history/task', z.array(historicTask), {
          query: {
            taskDefinitionKey: 'TriageTheContact', processDefinitionKey: 'receiving-a-contact', startedAfter: since,
            sortBy: 'startTime', sortOrder: 'asc', firstResult, maxResults: MAX_LIST,
          },
        });
        all.push(...page);
        if (page.length < MAX_LIST) break;
      }
      const infos = await instancesOf(all.map((t) => t.processInstanceId));
      return all.map((t) => ({
        caseId: (t.processInstanceId && infos.get(t.processInstanceId)?.businessKey) ?? null, createdAt: t.startTime, endedAt: t.endTime, dueAt: t.due, state: historicState(t),
      }));
    },
  };
}

export type EngineReadModel = ReturnType<typeof createEngineReadModel>;
