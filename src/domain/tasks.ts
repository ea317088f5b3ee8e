// Human tasks: what each form's completion must hold, which of it the process may see, and who may act on a task.
import { z } from 'zod';

export const OUTCOMES = ['information-and-advice', 'prevention-service', 'referral-for-assessment', 'review-or-reassessment', 'safeguarding-concern'] as const;

const text = z.string().trim().min(1).max(4000);

/**
 * One entry per form in processes/forms: the completion schema (kept equal to the form's fields by a test), and the
 * fields handed to the engine as routing facts. Everything else stays in the case store: judgements are personal data.
 */
export const TASK_FORMS = {
  'triage-contact': {
    schema: z.object({
      outcome: z.enum(OUTCOMES),
      wellbeing: text,
      prevention: text,
      informationAndAdvice: text,
      nextContactBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
      actionClear: z.boolean(),
    }).strict(),
    routing: ['outcome', 'actionClear'],
  },
  'decide-next-steps': {
    schema: z.object({ outcome: z.enum(OUTCOMES), rationale: text }).strict(),
    routing: ['outcome'],
  },
  'chase-overdue-contact': {
    schema: z.object({ actionTaken: text }).strict(),
    routing: [],
  },
  'follow-up-call': {
    schema: z.object({ reached: z.boolean(), adviceHelped: z.enum(['yes', 'partly', 'no']), notes: text.optional() }).strict(),
    routing: [],
  },
} as const;

export type FormId = keyof typeof TASK_FORMS;

/** The completion's routing facts: the only part of it the engine receives. */
export function routingOf(formId: FormId, data: Record<string, unknown>): Record<string, unknown> {
  const fields: readonly string[] = TASK_FORMS[formId].routing;
  return Object.fromEntries(fields.map((f) => [f, data[f]]));
}

export function isFormId(id: string | null | undefined): id is FormId {
  return !!id && id in TASK_FORMS;
}

export interface TaskView {
  key: string;
  name: string | null;
  processInstanceKey: string;
  state: 'created' | 'completed' | 'cancelled';
  assignee: string | null;
  candidateGroups: string[];
  formId: string | null;
  dueDate: Date | null;
  createdAt: Date;
  caseId: string | null;
}

export interface Actor {
  id: string;
  groups: string[];
}

export type Refusal = { status: 403 | 409; reason: string } | undefined;

/** A user sees and claims only tasks of their groups. */
export function canSee(task: Pick<TaskView, 'candidateGroups'>, user: Actor): boolean {
  return task.candidateGroups.some((g) => user.groups.includes(g));
}

export function whyNotClaim(task: TaskView, user: Actor): Refusal {
  if (!canSee(task, user)) return { status: 403, reason: `This task is for ${task.candidateGroups.join(', ')}.` };
  if (task.state !== 'created') return { status: 409, reason: `The task is ${task.state}.` };
  if (task.assignee && task.assignee !== user.id) return { status: 409, reason: `The task is already assigned to ${task.assignee}.` };
  return undefined;
}

export function whyNotUnassign(task: TaskView, user: Actor): Refusal {
  if (!canSee(task, user)) return { status: 403, reason: `This task is for ${task.candidateGroups.join(', ')}.` };
  if (task.state !== 'created') return { status: 409, reason: `The task is ${task.state}.` };
  if (task.assignee !== user.id && !user.groups.includes('team-managers')) return { status: 403, reason: 'Only the assignee or a team manager can unassign it.' };
  return undefined;
}

export function whyNotComplete(task: TaskView, user: Actor): Refusal {
  if (task.state !== 'created') return { status: 409, reason: `The task is ${task.state}.` };
  if (task.assignee !== user.id) return { status: 403, reason: 'Only the assignee can complete a task; claim it first.' };
  return undefined;
}
