// /api/tasks: the practitioner's inbox, read from the engine; claim, unassign and complete through the engine, after the service's checks.
import { Router } from 'express';
import { z } from 'zod';
import { groupNameSchema, signInIdSchema } from '../domain/identity';
import { pageNumber, wholeNumber } from '../domain/paging';
import { londonDay } from '../domain/london-calendar';
import { viewContact, type AccessLog, type ContactRepository } from '../domain/contacts';
import { describeMadeBy } from '../domain/contact';
import { canSee, completionProblems, isFormId, routingOf, TASK_FORMS, whyNotClaim, whyNotComplete, whyNotUnassign, type Refusal, type TaskView } from '../domain/tasks';
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
  state: z.enum(['created', 'completed', 'cancelled']).optional(),
  caseId: z.string().uuid().optional(),
  page: pageNumber(),
  pageSize: wholeNumber(1, 200, 50),
});
// Task keys are the engine's task ids.
const keyParams = z.object({ key: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a task key') });
// The fields of the task's own form: one of these, checked against the task's form when it is completed.
const [firstForm, secondForm, ...otherForms] = Object.values(TASK_FORMS).map((f) => f.schema);
const anyFormCompletion = z.union([firstForm!, secondForm!, ...otherForms]);

/** What each route takes (the OpenAPI document is made from these). */
export const taskRequests = {
  'GET /api/tasks': { query: listQuery },
  'GET /api/tasks/:key': { params: keyParams },
  'POST /api/tasks/:key/assignment': { params: keyParams, success: 204 },
  'DELETE /api/tasks/:key/assignee': { params: keyParams, success: 204 },
  'POST /api/tasks/:key/completion': { params: keyParams, body: anyFormCompletion, success: 204 },
} satisfies RequestSchemas;

type FormComponent = Record<string, unknown> & { components?: FormComponent[] };

/**
 * A form's choices that come from the service, filled in as it is served: the triage form's signposting select lists
 * the directory's services (public names only). The engine holds ids and routing facts only, so they are not process
 * variables; the form as served carries them as its static values.
 */
async function withChoices(form: unknown, directory: Pick<Directory, 'search'>): Promise<unknown> {
  const sources: Record<string, () => Promise<{ label: string; value: string }[]>> = {
    signpostingOptions: async () => (await directory.search({})).map((s) => ({ label: `${s.name} (${s.service_areas.join(', ')})`, value: s.id })),
  };
  if (!JSON.stringify(form).includes('"valuesKey"')) return form;
  const values = new Map<string, { label: string; value: string }[]>();
  const fill = async (c: FormComponent): Promise<FormComponent> => {
    const key = typeof c.valuesKey === 'string' ? c.valuesKey : undefined;
    const source = key ? sources[key] : undefined;
    const out: FormComponent = { ...c };
    if (key && source) {
      if (!values.has(key)) values.set(key, await source());
      delete out.valuesKey;
      out.values = values.get(key);
    }
    if (c.components) out.components = await Promise.all(c.components.map(fill));
    return out;
  };
  return fill(form as FormComponent);
}

function refuse(refusal: Refusal): void {
  if (refusal) throw new AppError(refusal.status, refusal.status === 403 ? 'Not allowed' : 'The task cannot be changed now', refusal.reason);
}

export function tasksRouter(deps: {
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
}): Router {
  const router = Router();

  async function visibleTask(key: string, groups: string[]): Promise<TaskView> {
    const task = await deps.readModel.findTask(key);
    // A task of other groups is reported as missing: its existence is not theirs to know.
    if (!task || !canSee(task, { id: '', groups })) throw new AppError(404, 'No such task', `There is no task ${key} in your groups' inbox.`);
    return task;
  }

  /** The referral a task is about, with what it still misses in plain words (F2); read with the case, so in its access log. */
  async function referralOf(task: TaskView) {
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
  async function finishGatheringFor(task: TaskView, items: ReferralItems | undefined): Promise<void> {
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

  router.get('/', async (req, res) => {
    const user = currentUser(res);
    const q = parseBody(listQuery, req.query);
    const { tasks, total } = await deps.readModel.listTasks({ ...q, groups: user.groups });
    res.json({ tasks, page: q.page, pageSize: q.pageSize, total });
  });

  router.get('/:key', async (req, res) => {
    const user = currentUser(res);
    const { key } = parseBody(keyParams, req.params);
    const task = await visibleTask(key, user.groups);
    const contact = task.caseId ? await viewContact({ ...deps, decisions: deps.readModel }, task.caseId, { userId: user.id, what: 'a task\'s summary', why: `to do the task "${task.name ?? key}"` }) : undefined;
    const form = task.formId ? deps.forms.get(task.formId) : undefined;
    const referral = contact ? await referralOf(task) : undefined;
    res.json({
      ...task,
      ...(referral ? { referral } : {}),
      form: form ? await withChoices(form, deps.directory) : null,
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
        },
      },
    });
  });

  router.post('/:key/assignment', async (req, res) => {
    const user = currentUser(res);
    const { key } = parseBody(keyParams, req.params);
    const task = await visibleTask(key, user.groups);
    refuse(whyNotClaim(task, user));
    if (task.assignee !== user.id) await deps.commands.assign(key, user.id);
    res.status(204).end();
  });

  router.delete('/:key/assignee', async (req, res) => {
    const user = currentUser(res);
    const { key } = parseBody(keyParams, req.params);
    const task = await visibleTask(key, user.groups);
    refuse(whyNotUnassign(task, user));
    await deps.commands.unassign(key);
    res.status(204).end();
  });

  router.post('/:key/completion', async (req, res) => {
    const user = currentUser(res);
    const { key } = parseBody(keyParams, req.params);
    const task = await visibleTask(key, user.groups);
    refuse(whyNotComplete(task, user));
    if (!isFormId(task.formId)) throw new AppError(409, 'The task has no form this service knows', `Form "${task.formId}" is not one of ${Object.keys(TASK_FORMS).join(', ')}.`);
    const formId = task.formId;
    const data = parseBody(TASK_FORMS[formId].schema, req.body) as Record<string, unknown>;
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
    if (formId === 'gather-referral-information') await finishGatheringFor(task, data.items as Record<string, unknown> | undefined);
    await deps.readModel.saveCompletion(key, formId, user.id, task.caseId, data, () => deps.commands.complete(key, routingOf(formId, data)));
    res.status(204).end();
  });

  return router;
}
