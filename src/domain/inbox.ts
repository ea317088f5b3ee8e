// The inbox and moving tasks between people: the use cases the API (/api/tasks) and the staff app's inbox page share.
import { AppError } from '../errors';
import { canSee, canView, isOverdue, whyNotClaim, whyNotReassign, whyNotUnassign, type Actor, type Refusal, type TaskView } from './tasks';

/** Which tasks to list, as the engine's task reads take it (src/engine/engine-read-model.ts). */
export interface TaskListFilter {
  /** Only tasks offered to one of these groups are listed. */
  groups: string[];
  /** Only tasks held by this sign-in id. */
  assignee?: string;
  /** Only tasks nobody holds. */
  unassigned?: boolean;
  state?: TaskView['state'];
  caseId?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface TaskReads {
  findTask(key: string): Promise<TaskView | undefined>;
  /** A page of tasks, open ones most urgent first: highest priority, then the earliest due (none due last), then the oldest. */
  listTasks(filter: TaskListFilter): Promise<{ tasks: TaskView[]; total: number }>;
}

/** Claims, gives back and reassigns tasks in the engine (src/engine/user-tasks.ts). */
export interface TaskCommands {
  assign(key: string, assignee: string): Promise<void>;
  unassign(key: string): Promise<void>;
  reassign(key: string, assignee: string): Promise<void>;
}

/** What a user asks of their inbox: the list's filter, with one group instead of all theirs; open tasks unless a `state` is asked for. */
export type InboxQuery = Omit<TaskListFilter, 'groups'> & {
  /** One group: the user's own, or one whose work they oversee (a team manager: contact advisors, practitioners). */
  candidateGroup?: string;
};

export type InboxTask = TaskView & {
  /** Open and past its due time by the engine's clock (C11: the 2-hour standard for a triage). */
  overdue: boolean;
};

/**
 * The tasks offered to the user's groups (or, asked by `candidateGroup`, one group whose work they oversee), open ones
 * only unless another state is asked for, most urgent first (C11: highest priority, then the earliest due), each marked
 * overdue or not on the engine's clock (`engineNow`, which moves in tests). A group the user neither belongs to nor
 * oversees lists nothing.
 */
export async function listInbox(
  deps: { tasks: TaskReads; engineNow: () => Promise<Date> },
  user: Actor,
  q: InboxQuery,
): Promise<{ tasks: InboxTask[]; total: number; now: Date }> {
  const visible = [...user.groups, ...(user.oversees ?? [])];
  const groups = q.candidateGroup ? visible.filter((g) => g === q.candidateGroup) : [...new Set(user.groups)];
  const [{ tasks, total }, now] = await Promise.all([
    groups.length
      ? deps.tasks.listTasks({
        groups, state: q.state ?? 'created', page: q.page, pageSize: q.pageSize,
        ...(q.assignee ? { assignee: q.assignee } : {}), ...(q.unassigned ? { unassigned: true } : {}), ...(q.caseId ? { caseId: q.caseId } : {}),
      })
      : Promise.resolve({ tasks: [], total: 0 }),
    deps.engineNow(),
  ]);
  return { tasks: tasks.map((t) => ({ ...t, overdue: isOverdue(t, now) })), total, now };
}

/**
 * The task, when the user may see it: offered to one of their groups or to a group they oversee. Otherwise 404, as if
 * it did not exist: a task of other groups is not theirs to know of.
 */
export async function visibleTask(deps: { tasks: Pick<TaskReads, 'findTask'> }, user: Actor, key: string): Promise<TaskView> {
  const task = await deps.tasks.findTask(key);
  if (!task || !canView(task, user)) throw new AppError(404, 'No such task', `There is no task ${key} in your groups' inbox.`);
  return task;
}

/** A task the user may only oversee is not theirs to open: its person's details are for the group doing it. */
export async function workableTask(deps: { tasks: Pick<TaskReads, 'findTask'> }, user: Actor, key: string): Promise<TaskView> {
  const task = await visibleTask(deps, user, key);
  if (!canSee(task, { ...user, oversees: [] })) throw new AppError(404, 'No such task', `There is no task ${key} in your groups' inbox.`);
  return task;
}

function refuse(refusal: Refusal): void {
  if (refusal) throw new AppError(refusal.status, refusal.status === 403 ? 'Not allowed' : 'The task cannot be changed now', refusal.reason);
}

type Deps = { tasks: Pick<TaskReads, 'findTask'>; commands: TaskCommands };

/** The user claims an open task of their groups. 403 (not theirs), 409 (done, or held by someone else); claiming one's own again changes nothing. */
export async function claimTask(deps: Deps, user: Actor, key: string): Promise<TaskView> {
  const task = await visibleTask(deps, user, key);
  refuse(whyNotClaim(task, user));
  if (task.assignee !== user.id) await deps.commands.assign(key, user.id);
  return task;
}

/** The holder, or a team manager of its team, gives an open task back to its groups. 403, 409 as claimTask. */
export async function giveBackTask(deps: Deps, user: Actor, key: string): Promise<TaskView> {
  const task = await visibleTask(deps, user, key);
  refuse(whyNotUnassign(task, user));
  await deps.commands.unassign(key);
  return task;
}

/** A team manager of its team gives an open task to someone else (`to`, a sign-in id), whoever holds it now. */
export async function reassignTask(deps: Deps, user: Actor, key: string, to: string): Promise<TaskView> {
  const task = await visibleTask(deps, user, key);
  refuse(whyNotReassign(task, user));
  if (task.assignee !== to) await deps.commands.reassign(key, to);
  return task;
}
