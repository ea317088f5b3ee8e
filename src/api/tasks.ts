// /api/tasks: the practitioner's inbox, read from the engine; claim, unassign and complete through the engine, after the service's checks.
import { Router } from 'express';
import { z } from 'zod';
import { groupNameSchema, signInIdSchema } from '../domain/identity';
import { pageNumber, wholeNumber } from '../domain/paging';
import { londonDay } from '../domain/london-calendar';
import { viewContact, type AccessLog, type ContactRepository } from '../domain/contacts';
import { describeMadeBy } from '../domain/contact';
import { completionProblems, CONTACT_DETAILS_NEEDED, isFormId, routingOf, TASK_FORMS, whyNotComplete, type Refusal, type TaskView } from '../domain/tasks';
import { claimTask, giveBackTask, listInbox, reassignTask, workableTask } from '../domain/inbox';
import { actorOf } from './access-policy';
import type { UserTaskCommands } from '../engine/user-tasks';
import { AppError } from '../errors';
import type { Directory } from '../store/directory';
import type { ReadModel } from '../store/read-model';
import type { PractitionerLookup } from '../domain/practitioners';
import type { ReferralItems, ReferralRepository } from '../domain/referral';
import { finishGathering, ItemsStillMissing, ReferralNotFound, whatIsMissing, type ReferralEngine } from '../domain/referrals';
import { currentUser } from './auth';
import { invalidFields, parseBody } from './problem';
import type { RequestSchemas } from './openapi';

const listQuery = z.object({
  candidateGroup: groupNameSchema.optional(),
  assignee: signInIdSchema.optional(),
  unassigned: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  // Open tasks unless asked for others: the inbox is the work still to do.
  state: z.enum(['created', 'completed', 'cancelled']).default('created'),
  caseId: z.string().uuid().optional(),
  page: pageNumber(),
  pageSize: wholeNumber(1, 200, 50),
});
// Task keys are the engine's task ids.
const keyParams = z.object({ key: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a task key') });
const reassignBody = z.object({ assignee: signInIdSchema }).strict();
// The fields of the task's own form: one of these, checked against the task's form when it is completed.
const [firstForm, secondForm, ...otherForms] = Object.values(TASK_FORMS).map((f) => f.schema);
const anyFormCompletion = z.union([firstForm!, secondForm!, ...otherForms]);

/** What each route takes (the OpenAPI document is made from these). */
export const taskRequests = {
  'GET /api/tasks': { query: listQuery },
  'GET /api/tasks/:key': { params: keyParams },
  'POST /api/tasks/:key/assignment': { params: keyParams, success: 204 },
  'DELETE /api/tasks/:key/assignee': { params: keyParams, success: 204 },
  'PUT /api/tasks/:key/assignee': { params: keyParams, body: reassignBody, success: 204 },
  'POST /api/tasks/:key/completion': { params: keyParams, body: anyFormCompletion, success: 204 },
} satisfies RequestSchemas;

/**
 * The values a task's Camunda Form reads besides its own fields, as the form's input data (what Tasklist would give it
 * as variables; the `.form` file stays as Modeler saved it): `signpostingOptions`, the signposting directory's services
 * as `{ label, value }` choices for the triage form's picker (its `valuesKey`), and `madeByThePerson`, which its
 * conditions read to hide the consent question. Only what the form names is sent. Neither is a process variable: the
 * engine holds ids and routing facts only.
 */
async function formDataFor(form: unknown, sources: Record<string, () => Promise<unknown>>): Promise<Record<string, unknown>> {
  const text = JSON.stringify(form);
  const wanted = Object.keys(sources).filter((key) => new RegExp(`\\b${key}\\b`).test(text));
  return Object.fromEntries(await Promise.all(wanted.map(async (key) => [key, await (sources[key] as () => Promise<unknown>)()] as const)));
}

function refuse(refusal: Refusal): void {
  if (refusal) throw new AppError(refusal.status, refusal.status === 403 ? 'Not allowed' : 'The task cannot be changed now', refusal.reason);
}

/** What opening and completing a task reads and changes: the API's and the staff app's task pages share it. */
export interface TaskWorkDeps {
  readModel: ReadModel;
  contacts: ContactRepository;
  accessLog: AccessLog;
  commands: UserTaskCommands;
  forms: Map<string, unknown>;
  directory: Directory;
  practitioners: Pick<PractitionerLookup, 'findPractitioner' | 'findAllocation'>;
  referrals: ReferralRepository;
  referralEngine: ReferralEngine;
  /** The engine's time: a form's dates are judged on its London day, the day its timers keep. */
  engineNow: () => Promise<Date>;
}

/** The referral a task is about, with what it still misses in plain words (F2); read with the case, so in its access log. */
async function referralOf(deps: TaskWorkDeps, task: TaskView) {
  if (task.concerns?.kind !== 'referral') return undefined;
  try {
    const { referral, missing } = await whatIsMissing(deps, task.concerns.id);
    return { id: referral.id, kind: referral.kind, status: referral.status, complete: missing.length === 0, missingItems: missing, links: { self: `/api/referrals/${referral.id}` } };
  } catch (err) {
    if (err instanceof ReferralNotFound) return undefined;
    throw err;
  }
}

/**
 * F2: finishing "Gather the missing information" records the items it carries on the referral, before the journey
 * checks it again; with a part still blank it is refused, each blank part named, and nothing is recorded.
 */
async function finishGatheringFor(deps: TaskWorkDeps, task: TaskView, items: ReferralItems | undefined): Promise<void> {
  if (task.concerns?.kind !== 'referral') throw new AppError(409, 'The task cannot be completed now', 'The task does not say which referral it gathers for.');
  try {
    await finishGathering(deps, task.concerns.id, { items: items ?? {}, facts: {} });
  } catch (err) {
    if (err instanceof ItemsStillMissing) {
      throw invalidFields(err.missing.flatMap((m) => (m.parts.length
        ? m.parts.map((p) => ({ pointer: `#/items/${m.item}/${p.part}`, detail: `${m.name}: the ${p.name} is still missing: add it, or answer "not known" or "none"` }))
        : [{ pointer: `#/items/${m.item}`, detail: `${m.name} is still missing: add it, or answer "not known" or "none"` }])));
    }
    if (err instanceof ReferralNotFound) throw new AppError(409, 'The task cannot be completed now', `The referral ${err.referralId} it gathers for is not in the case store.`);
    throw err;
  }
}

/**
 * One task as its worker opens it (GET /api/tasks/:key, the staff app's task page): the task, its Camunda Form and the
 * values the form reads (`formData`), the referral it gathers for, and the minimum of the case the task needs
 * (Caldicott), the read audited in the access log as "a task's summary". Throws AppError 404 (no such task, or not
 * one of the user's groups) or the engine's and store's 503s.
 */
export async function openTask(deps: TaskWorkDeps, user: { id: string; groups: string[] }, key: string) {
  const task = await workableTask({ tasks: deps.readModel }, actorOf(user), key);
  const contact = task.caseId ? await viewContact({ ...deps, decisions: deps.readModel }, task.caseId, { userId: user.id, what: 'a task\'s summary', why: `to do the task "${task.name ?? key}"` }) : undefined;
  const form = task.formId ? deps.forms.get(task.formId) : undefined;
  const referral = contact ? await referralOf(deps, task) : undefined;
  return {
    ...task,
    ...(referral ? { referral } : {}),
    form: form ?? null,
    formData: form ? await formDataFor(form, {
      signpostingOptions: async () => (await deps.directory.search({})).map((s) => ({ label: `${s.name} (${s.service_areas.join(', ')})`, value: s.id })),
      madeByThePerson: () => Promise.resolve(contact ? contact.madeBy.kind !== 'someone-else' : true),
    }) : null,
    case: contact && {
      id: contact.id,
      channel: contact.channel,
      receivedAt: contact.receivedAt,
      flags: contact.flags,
      urgency: contact.urgency,
      presentingIssue: contact.presentingIssue,
      madeBy: describeMadeBy(contact.madeBy),
      person: {
        name: contact.person.name,
        preferredContactMethod: contact.person.preferredContactMethod,
        communicationNeeds: contact.person.communicationNeeds,
        interpreterLanguage: contact.person.interpreterLanguage,
        // How to reach them, only for a task that must (the minimum necessary).
        ...Object.fromEntries((isFormId(task.formId) ? CONTACT_DETAILS_NEEDED[task.formId] ?? [] : []).map((d) => [d, contact.person[d]])),
      },
    },
  };
}

export type OpenedTask = Awaited<ReturnType<typeof openTask>>;

/**
 * Completes a task with its form's fields (`body`, parsed with the form's schema): the service's checks on the case
 * first, then the decision is recorded and the engine told, in one step. Throws AppError 400 with a field error per
 * problem (JSON pointers into `body`; nothing recorded), 403 (not the assignee), 409 (done, or a form this service does
 * not know), 404 (not one of the user's tasks).
 */
export async function completeTask(deps: TaskWorkDeps, user: { id: string; groups: string[] }, key: string, body: unknown): Promise<TaskView> {
  const task = await workableTask({ tasks: deps.readModel }, actorOf(user), key);
  refuse(whyNotComplete(task, user));
  if (!isFormId(task.formId)) throw new AppError(409, 'The task has no form this service knows', `Form "${task.formId}" is not one of ${Object.keys(TASK_FORMS).join(', ')}.`);
  const formId = task.formId;
  const data = parseBody(TASK_FORMS[formId].schema, body) as Record<string, unknown>;
  const caseId = task.caseId;
  // The case is read only for the forms whose rules need it, not on every completion.
  const problems = await completionProblems(formId, data, {
    madeByThePerson: async () => !caseId || (await deps.contacts.find(caseId))?.madeBy.kind !== 'someone-else',
    consentAtTriage: async () => {
      const triage = caseId ? (await deps.readModel.decisionsFor(caseId)).find((d) => d.formId === 'triage-contact') : undefined;
      return triage?.data.consentConfirmed as 'consent' | 'legal-authority' | 'not-confirmed' | undefined;
    },
    isDirectoryService: async (id) => (await deps.directory.find(id)) !== undefined,
    isPractitioner: async (id) => (await deps.practitioners.findPractitioner(id)) !== undefined,
    today: async () => londonDay(await deps.engineNow()),
    allocatedWorker: async () => {
      const nhsNumber = caseId ? (await deps.contacts.find(caseId))?.person.nhsNumber : undefined;
      return (nhsNumber && (await deps.practitioners.findAllocation(nhsNumber))?.allocatedWorker) || undefined;
    },
  });
  if (problems.length) throw invalidFields(problems);
  if (formId === 'gather-referral-information') await finishGatheringFor(deps, task, data.items as Record<string, unknown> | undefined);
  await deps.readModel.saveCompletion(key, formId, user.id, task.caseId, data, () => deps.commands.complete(key, routingOf(formId, data)));
  return task;
}

export function tasksRouter(deps: TaskWorkDeps): Router {
  const router = Router();
  const taskDeps = { tasks: deps.readModel, commands: deps.commands };

  router.get('/', async (req, res) => {
    const q = parseBody(listQuery, req.query);
    const { tasks, total } = await listInbox({ tasks: deps.readModel, engineNow: deps.engineNow }, actorOf(currentUser(res)), q);
    res.json({ tasks, page: q.page, pageSize: q.pageSize, total });
  });

  router.get('/:key', async (req, res) => {
    const { key } = parseBody(keyParams, req.params);
    res.json(await openTask(deps, currentUser(res), key));
  });

  router.post('/:key/assignment', async (req, res) => {
    const { key } = parseBody(keyParams, req.params);
    await claimTask(taskDeps, actorOf(currentUser(res)), key);
    res.status(204).end();
  });

  router.delete('/:key/assignee', async (req, res) => {
    const { key } = parseBody(keyParams, req.params);
    await giveBackTask(taskDeps, actorOf(currentUser(res)), key);
    res.status(204).end();
  });

  router.put('/:key/assignee', async (req, res) => {
    const { key } = parseBody(keyParams, req.params);
    const { assignee } = parseBody(reassignBody, req.body);
    await reassignTask(taskDeps, actorOf(currentUser(res)), key, assignee);
    res.status(204).end();
  });

  router.post('/:key/completion', async (req, res) => {
    const { key } = parseBody(keyParams, req.params);
    await completeTask(deps, currentUser(res), key, req.body);
    res.status(204).end();
  });

  return router;
}
