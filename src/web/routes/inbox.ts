// The inbox page: the open tasks of my groups, most urgent first, with claim and give back; a team manager's view of the teams they manage.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, mayOpen, overseenGroups } from '../../api/access-policy';
import { claimTask, giveBackTask, listInbox, type InboxTask, type TaskCommands, type TaskReads } from '../../domain/inbox';
import { canSee, manages, type Actor } from '../../domain/tasks';
import { AppError } from '../../errors';
import { flashFor, saveFlash } from '../flash';
import { ukDateTime } from '../format';
import { signedInUser } from '../middleware/page-access';
import { nameOf, type StaffMember } from '../staff';

const PAGE_SIZE = 50;
/** The priority from which a task is shown urgent: an urgent letter's triage (80), a 999 call (100). */
const URGENT_PRIORITY = 80;

/** The teams' names in the filter, for the groups a team manager oversees. */
const TEAM_NAMES: Record<string, string> = { 'contact-advisors': 'Contact advisors', practitioners: 'Practitioners' };

// Anything unexpected in the address falls back to the plain inbox rather than an error: it is only a view.
const inboxQuery = z.object({
  show: z.enum(['all', 'mine', 'unassigned']).catch('all').default('all'),
  team: z.string().max(64).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  /** Which action's outcome to show: the id of the session's last message. */
  done: z.string().regex(/^[a-f0-9]{12}$/).optional().catch(undefined),
});
const keyParams = z.object({ key: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
// Where to go back to: the inbox with its filters, never another site.
const backField = z.object({ back: z.string().regex(/^\/(tasks\/[A-Za-z0-9-]{1,64})?(\?[A-Za-z0-9=&%._-]*)?$/).catch('/').default('/') });

/** One row of the inbox table, in words; its case linked when the user may open cases, the task saying why. */
function row(task: InboxTask, actor: Actor, staff: readonly StaffMember[]) {
  const mine = task.assignee === actor.id;
  return {
    caseHref: task.caseId && mayOpen('POST /cases/:id', actor.groups) ? `/cases/${task.caseId}?${new URLSearchParams({ purpose: 'task', task: task.key }).toString()}` : undefined,
    key: task.key,
    name: task.name ?? 'A task',
    due: task.dueDate ? ukDateTime(task.dueDate) : 'No due date',
    overdue: task.overdue,
    urgent: task.priority >= URGENT_PRIORITY,
    holder: mine ? 'You' : task.assignee ? nameOf(task.assignee, staff) : 'Not claimed',
    canClaim: !task.assignee && canSee(task, actor),
    canGiveBack: !!task.assignee && (mine || manages(task, actor)),
  };
}

/** The words a refusal is shown in: never the engine's, a route's or a group's name. */
function plainRefusal(err: AppError, doing: 'claim' | 'give back'): string {
  if (err.status === 404) return 'That task is no longer in your inbox: it may have been done or moved.';
  if (err.status === 409) return doing === 'claim' ? 'Someone else has already claimed that task, or it has been done.' : 'That task has already been done.';
  if (err.status === 403) return doing === 'claim' ? 'That task is not one you can claim.' : 'Only the person who claimed that task, or their team manager, can give it back.';
  return 'That could not be done. Try again.';
}

export function inboxRouter(deps: { tasks: TaskReads; commands: TaskCommands; engineNow: () => Promise<Date>; staff: readonly StaffMember[] }): Router {
  const router = Router();
  const taskDeps = { tasks: deps.tasks, commands: deps.commands };

  router.get('/', async (req, res) => {
    const user = signedInUser(req);
    const actor = actorOf(user);
    const q = inboxQuery.parse(req.query);
    const teams = overseenGroups(user.groups).map((g) => ({ value: g, text: TEAM_NAMES[g] ?? g }));
    const team = teams.find((t) => t.value === q.team)?.value;
    const { tasks, total } = await listInbox({ tasks: deps.tasks, engineNow: deps.engineNow }, actor, {
      page: q.page, pageSize: PAGE_SIZE,
      ...(team ? { candidateGroup: team } : {}),
      ...(q.show === 'mine' ? { assignee: user.id } : {}),
      ...(q.show === 'unassigned' ? { unassigned: true } : {}),
    });
    // The message is shown by the address the action sent the browser to, not removed once read: a reload shows it
    // again, and the plain inbox never does.
    const flash = flashFor(req, q.done);
    const here = (page: number) => `/?${new URLSearchParams({ show: q.show, ...(team ? { team } : {}), page: String(page) }).toString()}`;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    res.render('pages/inbox.njk', {
      rows: tasks.map((t) => row(t, actor, deps.staff)),
      total,
      show: q.show,
      team: team ?? '',
      teams,
      teamName: team ? TEAM_NAMES[team] : undefined,
      flash,
      back: here(q.page),
      pagination: pages > 1 ? {
        ...(q.page > 1 ? { previous: { href: here(q.page - 1) } } : {}),
        ...(q.page < pages ? { next: { href: here(q.page + 1) } } : {}),
      } : undefined,
    });
  });

  /** Runs a claim or a give-back, then back to the inbox with a message saying what happened, in plain words. */
  function act(doing: 'claim' | 'give back', run: (actor: Actor, key: string) => Promise<{ name: string | null }>) {
    return async (req: Request, res: Response) => {
      const { back } = backField.parse(req.body);
      const key = keyParams.safeParse(req.params);
      let id: string;
      try {
        if (!key.success) throw new AppError(404, 'No such task', 'not a task key');
        const task = await run(actorOf(signedInUser(req)), key.data.key);
        const name = task.name ?? 'the task';
        id = await saveFlash(req, 'success', doing === 'claim' ? `You claimed “${name}”.` : `“${name}” has been given back: anyone in its team can now claim it.`);
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        id = await saveFlash(req, 'problem', plainRefusal(err, doing));
      }
      res.redirect(303, `${back}${back.includes('?') ? '&' : '?'}done=${id}`);
    };
  }

  router.post('/tasks/:key/claim', act('claim', (actor, key) => claimTask(taskDeps, actor, key)));
  router.post('/tasks/:key/give-back', act('give back', (actor, key) => giveBackTask(taskDeps, actor, key)));
  return router;
}
