// The RAC meeting's pages: the agenda in priority order with the suggested workers and why, the panel's decision on each
// referral (allocate, defer or close), and what a meeting decided, in words.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { mayOpen } from '../../api/access-policy';
import type { Practitioner, Team } from '../../domain/practitioners';
import {
  CLOSE_REASONS, decide, meetingAgenda, meetingRecord, racDecisionSchema, RacProblem,
  type AgendaItem, type RacDeps, type RecordedRacDecision, type Suggestion,
} from '../../domain/rac';
import { ukDateTime } from '../format';
import { flashFor, saveFlash } from '../flash';
import { pageErrors, tooLong, type PageErrors, type Problem } from '../form-errors';
import { signedInUser } from '../middleware/page-access';
import { nameOf, type StaffMember } from '../staff';

/** What the pages read beyond the meeting's use cases: the directory's names for workers and teams. */
export type RacPageDeps = RacDeps & {
  practitioners: RacDeps['practitioners'] & { listPractitioners(): Promise<Practitioner[]>; listTeams(): Promise<Team[]> };
  staff: readonly StaffMember[];
};

const PAGE_SIZE = 50;
/** The longest note the decision takes (src/domain/rac.ts › racDecisionSchema). */
const NOTE_MAX = 2000;

// Anything unexpected in the address falls back to the first page rather than an error: it is only a view.
const agendaQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
  /** Which decision's message to show: the id of the session's last message. */
  done: z.string().regex(/^[a-f0-9]{12}$/).optional().catch(undefined),
});
const meetingParams = z.object({ id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
/** The decision form as the browser sends it; each decision's own fields are checked by the meeting's schema. */
const decisionForm = z.object({
  referralId: z.string().max(100).catch(''),
  decision: z.string().max(20).optional().catch(undefined),
  worker: z.string().max(200).optional().catch(undefined),
  deferNote: z.string().max(20_000).optional().catch(undefined),
  reason: z.string().max(100).optional().catch(undefined),
  closeNote: z.string().max(20_000).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
type DecisionForm = z.output<typeof decisionForm>;

const PRIORITY: Record<string, { text: string; classes: string }> = {
  urgent: { text: 'Urgent', classes: 'govuk-tag--red' },
  high: { text: 'High', classes: 'govuk-tag--orange' },
  medium: { text: 'Medium', classes: 'govuk-tag--yellow' },
  low: { text: 'Low', classes: 'govuk-tag--grey' },
  none: { text: 'No priority', classes: 'govuk-tag--grey' },
};

/** Why a referral was closed, as the panel chooses it and the record says it. */
export const CLOSE_REASON_WORDS: Record<(typeof CLOSE_REASONS)[number], string> = {
  'needs-met-elsewhere': 'Their needs are being met elsewhere',
  'no-longer-wants-assessment': 'They no longer want an assessment',
  'moved-away': 'They have moved away',
  died: 'They have died',
  'duplicate-referral': 'It duplicates another referral',
};

/** A referral as staff quote it: the first part of its id, which is enough to find it. */
export const referenceOf = (id: string): string => id.slice(0, 8).toUpperCase();

const daysInWords = (days: number) => (days < 1 ? 'Less than a day' : days === 1 ? '1 day' : `${days} days`);
const skillWords = (skill: string) => skill.replace(/-/g, ' ');

/** A5: why a worker is suggested, in words: the person's wish, their skills for the person's needs, whether they are in, their caseload. */
export function whySuggested(s: Suggestion): string {
  const reasons = [
    ...(s.personsWish ? ['the person asked for them'] : []),
    s.skillsMatched.length ? `skills for the person's needs: ${s.skillsMatched.map(skillWords).join(', ')}` : 'can assess, no particular skills asked for',
    s.available ? 'available now' : 'away now',
    s.caseload === 0 ? 'no open allocations' : s.caseload === 1 ? '1 open allocation' : `${s.caseload} open allocations`,
  ];
  const text = reasons.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The meeting's decision on a referral, in words. */
function decisionInWords(d: RecordedRacDecision, workers: Map<string, Practitioner>, teams: Map<string, string>): string {
  if (d.decision === 'allocate') {
    const worker = d.worker ? workers.get(d.worker)?.name ?? d.worker : 'a worker';
    return `Allocated to ${worker}${d.team ? ` (${teams.get(d.team) ?? d.team})` : ''}`;
  }
  if (d.decision === 'defer') return 'Deferred to the next meeting';
  return `Closed: ${CLOSE_REASON_WORDS[d.reason as (typeof CLOSE_REASONS)[number]] ?? 'for another reason'}`;
}

/** What the panel must correct, field by field, in the words of GOV.UK's error messages. */
function formProblems(issues: z.ZodIssue[], decision: string | undefined, ids: (field: string) => string): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (field === 'decision') problems.push({ text: 'Choose whether to allocate, defer or close the referral' });
    else if (field === 'worker') problems.push({ text: 'Choose the worker who will lead the assessment', fieldId: ids('worker') });
    else if (field === 'reason') problems.push({ text: 'Choose why the referral is closed', fieldId: ids('reason') });
    else if (field === 'note' && decision === 'defer') {
      problems.push({ text: issue.code === 'too_big' ? tooLong('Why it is deferred', NOTE_MAX) : 'Enter why the referral is deferred', fieldId: ids('deferNote') });
    } else if (field === 'note') problems.push({ text: tooLong('The note', NOTE_MAX), fieldId: ids('closeNote') });
    else problems.push({ text: 'That referral is not on the agenda: reload the page and try again' });
  }
  return problems;
}

/** A refusal by the meeting's use case, in plain words: never an id, a route or the engine's name. */
function refusalProblems(err: RacProblem, ids: (field: string) => string): Problem[] {
  if (err.pointer === '#/worker') return [{ text: 'Choose a worker from the list', fieldId: ids('worker') }];
  if (err.pointer === '#/referralId') return [{ text: 'That referral is not on the agenda: reload the page and try again' }];
  if (err.status === 404) return [{ text: 'That meeting is not sitting: decisions are made while the meeting sits' }];
  if (err.title === 'The meeting has closed') return [{ text: 'The meeting has closed: the referral waits for the next meeting' }];
  if (err.title === 'The meeting already decided this referral') return [{ text: 'The meeting has already made another decision on this referral' }];
  return [{ text: 'That referral is no longer waiting for allocation: it may have been decided already' }];
}

/** The ids of one referral's fields on the agenda, unique on the page. */
const fieldIds = (referralId: string) => (field: string) => `${field}-${referralId}`;

export function racRouter(deps: RacPageDeps): Router {
  const router = Router();

  /** The directory's workers and teams by id: the names the pages show. */
  async function directory() {
    const [practitioners, teams] = await Promise.all([deps.practitioners.listPractitioners(), deps.practitioners.listTeams()]);
    return { workers: new Map(practitioners.map((p) => [p.id, p])), teams: new Map(teams.map((t) => [t.id, t.name])), practitioners };
  }

  /** The agenda page; with a refused decision, its referral's form keeps what was entered and shows what to correct. */
  async function showAgenda(req: Request, res: Response, page: number, refused?: { referralId: string; errors: PageErrors; values: DecisionForm; status: number }) {
    const user = signedInUser(req);
    const { meeting, total, items } = await meetingAgenda(deps, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, new Date());
    const decisions = meeting ? (await meetingRecord(deps, meeting.id)).decisions : [];
    const { workers, teams, practitioners } = await directory();
    const canDecide = meeting !== null && mayOpen('POST /rac/meetings/:id/decisions', user.groups);
    const decidedHere = new Map(decisions.map((d) => [d.referralId, d]));
    // Only workers with the skill for the function can lead an assessment (A5); the suggested come first.
    const assessors = practitioners.filter((p) => p.skills.includes('assessment'));

    const row = (item: AgendaItem) => {
      const ids = fieldIds(item.referralId);
      const values = refused?.referralId === item.referralId ? refused.values : undefined;
      const suggested = new Set(item.suggestions.map((s) => s.worker));
      const decided = decidedHere.get(item.referralId);
      return {
        referralId: item.referralId,
        reference: referenceOf(item.referralId),
        priority: PRIORITY[item.band ?? ''] ?? { text: 'Not prioritised yet', classes: 'govuk-tag--grey' },
        team: item.team ? teams.get(item.team) ?? item.team : 'Not known yet',
        waiting: daysInWords(item.daysWaiting),
        lastPrioritised: item.lastPrioritisedAt ? ukDateTime(item.lastPrioritisedAt) : 'Not yet',
        lastChecked: item.lastRecheckedAt ? ukDateTime(item.lastRecheckedAt) : 'Not yet',
        suggestions: item.suggestions.map((s) => ({ name: s.name, role: s.role, team: teams.get(s.team) ?? s.team, why: whySuggested(s) })),
        decided: decided ? decisionInWords(decided, workers, teams) : undefined,
        ids: { worker: ids('worker'), deferNote: ids('deferNote'), reason: ids('reason'), closeNote: ids('closeNote') },
        values: values ?? {},
        errors: values ? refused?.errors : undefined,
        workers: [
          { value: '', text: 'Choose a worker' },
          ...item.suggestions.map((s) => ({ value: s.worker, text: `${s.name}, ${s.role} (suggested)`, selected: values?.worker === s.worker })),
          ...assessors.filter((p) => !suggested.has(p.id))
            .map((p) => ({ value: p.id, text: `${p.name}, ${p.role}, ${teams.get(p.team) ?? p.team}`, selected: values?.worker === p.id })),
        ],
        reasons: [
          { value: '', text: 'Choose a reason' },
          ...CLOSE_REASONS.map((r) => ({ value: r, text: CLOSE_REASON_WORDS[r], selected: values?.reason === r })),
        ],
      };
    };
    const q = agendaQuery.parse(req.query);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    res.status(refused?.status ?? 200).render('pages/rac.njk', {
      meeting: meeting ? { id: meeting.id, openedAt: ukDateTime(meeting.openedAt), late: meeting.late, dueAt: ukDateTime(meeting.dueAt) } : null,
      rows: items.map(row),
      total,
      page,
      canDecide,
      decided: decisions.map((d) => ({
        reference: referenceOf(d.referralId), decision: decisionInWords(d, workers, teams), by: nameOf(d.decidedBy, deps.staff), at: ukDateTime(d.decidedAt),
      })),
      errors: refused?.errors,
      flash: refused ? undefined : flashFor(req, q.done),
      pagination: pages > 1 ? {
        ...(page > 1 ? { previous: { href: `/rac?page=${page - 1}` } } : {}),
        ...(page < pages ? { next: { href: `/rac?page=${page + 1}` } } : {}),
      } : undefined,
    });
  }

  router.get('/rac', async (req, res) => {
    await showAgenda(req, res, agendaQuery.parse(req.query).page);
  });

  /** A1: the panel's decision on one referral; refused, the agenda again with what to correct, and nothing recorded. */
  router.post('/rac/meetings/:id/decisions', async (req, res) => {
    const params = meetingParams.safeParse(req.params);
    if (!params.success) {
      res.status(404).render('pages/not-found.njk');
      return;
    }
    const form = decisionForm.parse(req.body);
    const ids = fieldIds(form.referralId);
    const refuse = (problems: Problem[], status: number) => showAgenda(req, res, form.page, { referralId: form.referralId, errors: pageErrors(problems), values: form, status });
    // Only the chosen decision's fields are sent on: a reason typed under "defer" and then "close" chosen is not kept.
    const parsed = racDecisionSchema.safeParse({
      referralId: form.referralId,
      decision: form.decision,
      ...(form.decision === 'allocate' ? { worker: form.worker ?? '' } : {}),
      ...(form.decision === 'defer' ? { note: form.deferNote ?? '' } : {}),
      ...(form.decision === 'close' ? { reason: form.reason ?? '', ...(form.closeNote?.trim() ? { note: form.closeNote } : {}) } : {}),
    });
    if (!parsed.success) {
      await refuse(formProblems(parsed.error.issues, form.decision, ids), 400);
      return;
    }
    let recorded: RecordedRacDecision;
    try {
      recorded = await decide(deps, params.data.id, parsed.data, signedInUser(req).id);
    } catch (err) {
      if (!(err instanceof RacProblem)) throw err;
      await refuse(refusalProblems(err, ids), err.status);
      return;
    }
    const { workers, teams } = await directory();
    const id = await saveFlash(req, 'success', `Referral ${referenceOf(recorded.referralId)}: ${decisionInWords(recorded, workers, teams)}.`);
    res.redirect(303, `/rac?${new URLSearchParams({ page: String(form.page), done: id }).toString()}`);
  });

  /** A1: what a meeting decided, in words. */
  router.get('/rac/meetings/:id', async (req, res) => {
    const params = meetingParams.safeParse(req.params);
    const meeting = params.success ? await meetingRecord(deps, params.data.id).catch((err: unknown) => {
      if (err instanceof RacProblem && err.status === 404) return undefined;
      throw err;
    }) : undefined;
    if (!meeting) {
      res.status(404).render('pages/not-found.njk');
      return;
    }
    const { workers, teams } = await directory();
    res.render('pages/rac-meeting.njk', {
      meeting: {
        openedAt: ukDateTime(meeting.openedAt),
        dueAt: ukDateTime(meeting.dueAt),
        late: meeting.late,
        missed: meeting.missed.map(ukDateTime),
        waitingAtOpening: meeting.waitingAtOpening,
        closedAt: meeting.closedAt ? ukDateTime(meeting.closedAt) : undefined,
      },
      decisions: meeting.decisions.map((d) => ({
        reference: referenceOf(d.referralId),
        decision: decisionInWords(d, workers, teams),
        followed: d.followedSuggestion === null ? 'Not an allocation' : d.followedSuggestion ? 'Yes' : 'No, the panel chose another worker',
        by: nameOf(d.decidedBy, deps.staff),
        at: ukDateTime(d.decidedAt),
      })),
    });
  });
  return router;
}
