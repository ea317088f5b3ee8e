// Who may do what with which kind of data (G1: UK GDPR, the Data Protection Act 2018, the Caldicott principles):
// one table, from which every API route's check is enforced and the access-control test is generated.
import type { Actor } from '../domain/tasks';

/**
 * The groups staff and systems sign in with (the groups claim of their token), and what each is for. The engine's
 * candidate groups on tasks are the same names.
 */
export const GROUPS = {
  'contact-intake': 'Systems that send contacts in: the web self-referral form, partner checklists, e-mail and text gateways',
  'contact-advisors': 'Contact advisors and care navigators: record and triage contacts',
  practitioners: 'Social workers and occupational therapists: referrals, assessments, reviews',
  'team-managers': 'Team managers: decisions advisors may not make, oversight, the directory of teams and workers',
  'rac-panel': 'The RAC panel: the weekly allocation meeting',
  commissioners: 'Commissioners and advocacy coordinators: advocacy providers',
  operations: 'Operations staff: incidents, deadlines and the 2-hour standard, without anyone\'s personal details',
  'information-governance': 'The information governance team: requests for a copy of what is held about a person (UK GDPR Art. 15)',
} as const;
export type Group = keyof typeof GROUPS;

/**
 * The kinds of data a route reads or changes, from least to most personal. Caldicott principle 3 (use the minimum
 * necessary) is judged on these: a route touching `person` or `case` data is open only to the groups that work cases.
 */
export const DATA_KINDS = {
  public: 'Public information: the signposting directory',
  staff: 'About staff, not the people they help: teams, practitioners, their calendars, their own inbox',
  activity: 'Ids, steps, deadlines and figures, with no personal details: operations views, the RAC waiting list',
  task: 'One task and the minimum about the person it needs (their name, how to reach them, their communication needs)',
  case: 'What was decided and sent on a person\'s case, their referral, their allocation: personal data',
  person: 'The person\'s whole record, or everything held about them: read deliberately, with a stated purpose',
} as const;
export type DataKind = keyof typeof DATA_KINDS;

export interface Permission {
  /** What the route does, in plain words (the access-control matrix in the README is made from these). */
  action: string;
  groups: readonly Group[];
  data: DataKind;
}

const WORK_CASES = ['contact-advisors', 'practitioners', 'team-managers'] as const;
const TASK_GROUPS = ['contact-advisors', 'practitioners', 'team-managers', 'rac-panel', 'commissioners'] as const;
const ALL_STAFF = ['contact-advisors', 'practitioners', 'team-managers', 'rac-panel', 'commissioners', 'operations', 'information-governance'] as const;

/**
 * Every API route, as "METHOD /path" with Express parameters, and who may call it. A route not in this table is
 * refused for everyone (src/api/access.ts), so a new route is closed until it is given a line here.
 */
export const ACCESS_POLICY = {
  'POST /api/contacts': { action: 'Record a contact and start its journey', groups: ['contact-intake', 'contact-advisors'], data: 'person' },
  'GET /api/contacts/:id': { action: 'Read a person\'s whole record, saying why', groups: WORK_CASES, data: 'person' },
  'GET /api/contacts/:id/access': { action: 'See who read a person\'s record', groups: ['team-managers', 'information-governance'], data: 'case' },
  'GET /api/contacts/:id/export': { action: 'Export everything held about a person (subject access)', groups: ['information-governance'], data: 'person' },
  'PUT /api/contacts/:id/urgency': { action: 'Record the evidence that a contact is not urgent', groups: ['contact-advisors', 'team-managers'], data: 'case' },

  'GET /api/tasks': { action: 'List the tasks of my groups', groups: TASK_GROUPS, data: 'activity' },
  'GET /api/tasks/:key': { action: 'Open a task beside what it needs about the person', groups: TASK_GROUPS, data: 'task' },
  'POST /api/tasks/:key/assignment': { action: 'Claim a task', groups: TASK_GROUPS, data: 'activity' },
  'DELETE /api/tasks/:key/assignee': { action: 'Give a task back', groups: TASK_GROUPS, data: 'activity' },
  'PUT /api/tasks/:key/assignee': { action: 'Give a task to someone else', groups: ['team-managers'], data: 'activity' },
  'POST /api/tasks/:key/completion': { action: 'Complete a task with its form', groups: TASK_GROUPS, data: 'task' },

  'GET /api/cases/:id/timeline': { action: 'Follow a case\'s journeys step by step', groups: [...WORK_CASES, 'operations'], data: 'activity' },
  'GET /api/cases/:id/messages': { action: 'See what a case was sent', groups: WORK_CASES, data: 'case' },
  'GET /api/messages/inbox': { action: 'Read my messages', groups: ALL_STAFF, data: 'staff' },
  'POST /api/messages/inbox/:id/read': { action: 'Mark one of my messages read', groups: ALL_STAFF, data: 'staff' },
  'GET /api/messages/outbox': { action: 'See the local outbox of messages to people', groups: ['contact-advisors', 'team-managers'], data: 'case' },

  'GET /api/operations/incidents': { action: 'See incidents', groups: ['operations', 'team-managers'], data: 'activity' },
  'GET /api/operations/deadlines': { action: 'See deadlines due and breached', groups: ['operations', 'team-managers'], data: 'activity' },
  'GET /api/operations/response-standard': { action: 'See the 2-hour standard by channel', groups: ['operations', 'team-managers'], data: 'activity' },

  'GET /api/directory/services': { action: 'Search the signposting directory', groups: ALL_STAFF, data: 'public' },
  'GET /api/directory/services/:id': { action: 'Read a signposting service', groups: ALL_STAFF, data: 'public' },
  'GET /api/directory/teams': { action: 'List teams', groups: ALL_STAFF, data: 'staff' },
  'POST /api/directory/teams': { action: 'Add a team', groups: ['team-managers'], data: 'staff' },
  'GET /api/directory/teams/:id': { action: 'Read a team', groups: ALL_STAFF, data: 'staff' },
  'PUT /api/directory/teams/:id': { action: 'Change a team', groups: ['team-managers'], data: 'staff' },
  'GET /api/directory/practitioners': { action: 'List practitioners', groups: ALL_STAFF, data: 'staff' },
  'POST /api/directory/practitioners': { action: 'Add a practitioner', groups: ['team-managers'], data: 'staff' },
  'GET /api/directory/practitioners/:id': { action: 'Read a practitioner and their calendar', groups: ALL_STAFF, data: 'staff' },
  'PUT /api/directory/practitioners/:id': { action: 'Change a practitioner', groups: ['team-managers'], data: 'staff' },
  'POST /api/directory/practitioners/:id/absences': { action: 'Record a practitioner\'s absence', groups: ['team-managers'], data: 'staff' },
  'DELETE /api/directory/practitioners/:id/absences/:absenceId': { action: 'Remove a practitioner\'s absence', groups: ['team-managers'], data: 'staff' },
  'GET /api/directory/people/:nhsNumber/allocation': { action: 'Find who is allocated to a person', groups: WORK_CASES, data: 'case' },
  'PUT /api/directory/people/:nhsNumber/allocation': { action: 'Record who is allocated to a person', groups: ['team-managers'], data: 'case' },

  'GET /api/referrals/:id': { action: 'Read a referral', groups: [...WORK_CASES, 'rac-panel'], data: 'case' },
  'PATCH /api/referrals/:id': { action: 'Add what a referral lacks, or a change in the person\'s situation', groups: WORK_CASES, data: 'case' },

  'GET /api/rac/waiting-list': { action: 'See who waits for allocation', groups: ['rac-panel', 'team-managers', 'practitioners'], data: 'activity' },
  'GET /api/rac/agenda': { action: 'See the RAC meeting\'s agenda', groups: ['rac-panel', 'team-managers', 'practitioners'], data: 'activity' },
  'GET /api/rac/meetings': { action: 'List RAC meetings', groups: ['rac-panel', 'team-managers', 'practitioners'], data: 'activity' },
  'GET /api/rac/meetings/:id': { action: 'See what a RAC meeting decided', groups: ['rac-panel', 'team-managers', 'practitioners'], data: 'activity' },
  'POST /api/rac/meetings/:id/decisions': { action: 'Allocate, defer or close a referral at the meeting', groups: ['rac-panel'], data: 'activity' },

  'GET /api/advocacy/providers': { action: 'List advocacy providers', groups: ['practitioners', 'team-managers', 'commissioners'], data: 'staff' },
  'PATCH /api/advocacy/providers/:id': { action: 'Say whether a provider takes referrals', groups: ['commissioners'], data: 'staff' },
  'GET /api/advocacy': { action: 'List the advocacy referrals for a referral or review, or those waiting for an advocate', groups: ['practitioners', 'team-managers', 'commissioners'], data: 'activity' },
  'GET /api/advocacy/:id': { action: 'Read an advocacy referral', groups: ['practitioners', 'team-managers', 'commissioners'], data: 'activity' },
  'POST /api/advocacy/:id/advocate': { action: 'Record the advocate a provider named', groups: ['practitioners', 'team-managers', 'commissioners'], data: 'activity' },
  'POST /api/advocacy/:id/decline': { action: 'Record that the person declined advocacy', groups: ['practitioners', 'team-managers'], data: 'case' },
} as const satisfies Record<string, Permission>;

export type Route = keyof typeof ACCESS_POLICY;

/**
 * The groups whose work another group oversees: a team manager sees the tasks of contact advisors and practitioners
 * (the teams they manage), and may give any of them back or give it to someone else: they are the ones a breach of the
 * 2-hour standard is escalated to (C11), so they must be able to move work that is stuck. They may not claim or complete
 * those tasks: that stays with the group the task is offered to.
 */
export const OVERSEES: Partial<Record<Group, readonly Group[]>> = {
  'team-managers': ['contact-advisors', 'practitioners'],
};

/** The groups whose tasks a user in these groups oversees, without their own groups. */
export function overseenGroups(groups: readonly string[]): string[] {
  const overseen = groups.flatMap((g) => OVERSEES[g as Group] ?? []);
  return [...new Set(overseen)].filter((g) => !groups.includes(g));
}

/** A signed-in user as the task rules see them: their id, groups, and the groups they oversee. */
export function actorOf(user: { id: string; groups: string[] }): Actor {
  return { id: user.id, groups: user.groups, oversees: overseenGroups(user.groups) };
}

/**
 * Every page of the staff app (src/web), as "METHOD /path", and the API route whose action it performs: a page is open
 * to exactly the groups that may call that route, so this one table still decides. A page not listed here, other than
 * signing in and out, is refused for everyone (src/web/middleware/page-access.ts).
 */
export const PAGE_POLICY = {
  'GET /': 'GET /api/tasks',
  'POST /tasks/:key/claim': 'POST /api/tasks/:key/assignment',
  'POST /tasks/:key/give-back': 'DELETE /api/tasks/:key/assignee',
  'GET /tasks/:key': 'GET /api/tasks/:key',
  'POST /tasks/:key': 'POST /api/tasks/:key/completion',
  'POST /tasks/:key/assignee': 'PUT /api/tasks/:key/assignee',
  'GET /rac': 'GET /api/rac/agenda',
  'POST /rac/meetings/:id/decisions': 'POST /api/rac/meetings/:id/decisions',
  'GET /rac/meetings/:id': 'GET /api/rac/meetings/:id',
  'GET /advocacy': 'GET /api/advocacy',
  'POST /advocacy/:id/advocate': 'POST /api/advocacy/:id/advocate',
  'POST /advocacy/:id/decline': 'POST /api/advocacy/:id/decline',
  // A case's journeys and timeline are open to operations too; the person's details need the whole record's permission.
  'GET /cases/:id': 'GET /api/cases/:id/timeline',
  'POST /cases/:id': 'GET /api/contacts/:id',
  'GET /cases/:id/diagram': 'GET /api/cases/:id/timeline',
  'GET /operations': 'GET /api/operations/incidents',
} as const satisfies Record<string, Route>;

export type Page = keyof typeof PAGE_POLICY;

/** Whether a user in these groups may open the page (or send its form). */
export function mayOpen(page: Page, groups: readonly string[]): boolean {
  return mayCall(PAGE_POLICY[page], groups);
}

/** Whether a user in these groups may call the route. */
export function mayCall(route: Route, groups: readonly string[]): boolean {
  const allowed: readonly string[] = ACCESS_POLICY[route].groups;
  return groups.some((g) => allowed.includes(g));
}

/**
 * The policy as a Markdown table for the README: one row per route (its action in words and the kind of data), one
 * column per group, ✓ where the group may. The README's copy is checked against this by a test.
 */
export function accessMatrix(): string {
  const groups = Object.keys(GROUPS) as Group[];
  const head = `| what | route | data | ${groups.join(' | ')} |\n|---|---|---|${groups.map(() => ':-:').join('|')}|`;
  const rows = (Object.keys(ACCESS_POLICY) as Route[]).map((route) => {
    const p: Permission = ACCESS_POLICY[route];
    return `| ${p.action} | \`${route}\` | ${p.data} | ${groups.map((g) => (p.groups.includes(g) ? '✓' : '')).join(' | ')} |`;
  });
  return [head, ...rows].join('\n');
}
