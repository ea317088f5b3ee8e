// The case page: the person, what was decided and by whom, the messages sent, their coordinator, the referrals, the
// journeys' diagram and the timeline; opened with a stated purpose, every open in the access log. Operations staff see
// the journeys and timeline only, never the person.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { actorOf, mayOpen } from '../../api/access-policy';
import { describeDay } from '../../domain/calendar-date';
import type { RecordedDecision } from '../../domain/communications';
import { describeMadeBy, type ContactRecord } from '../../domain/contact';
import { viewContact, type AccessLog, type ContactRepository } from '../../domain/contacts';
import { readCaseMessages, type CaseMessage, type MessageViews } from '../../domain/messages';
import type { PractitionerLookup } from '../../domain/practitioners';
import { missingItems, type ReferralRepository } from '../../domain/referral';
import { canView } from '../../domain/tasks';
import { AppError } from '../../errors';
import type { JourneyPath, ReadModel, TimelineEntry } from '../../store/read-model';
import { sentence, ukDateTime } from '../format';
import { signedInUser } from '../middleware/page-access';
import { nameOf, type StaffMember } from '../staff';

const caseParams = z.object({ id: z.string().uuid() });

/** The common reasons for opening a whole record, as the question offers them; the words go to the access log. */
export const PURPOSES = {
  'contact': 'To answer or return a call, letter or message from them or about them',
  'next-steps': 'To triage the contact or decide what happens next',
  'safeguarding': 'To check on their safety',
  'assessment': 'To prepare for an allocation, assessment or review',
} as const;
type Purpose = keyof typeof PURPOSES;

const purposeForm = z.object({
  purpose: z.enum([...Object.keys(PURPOSES) as [Purpose, ...Purpose[]], 'other'], { errorMap: () => ({ message: 'Select why you are opening this record' }) }),
  otherReason: z.string().trim().max(200, 'The reason must be 200 characters or fewer').optional(),
}).superRefine((f, ctx) => {
  if (f.purpose === 'other' && (f.otherReason ?? '').length < 3) ctx.addIssue({ code: 'custom', path: ['otherReason'], message: 'Enter why you are opening this record' });
});

// What was entered, to show again with the errors: only strings, cut to the field's length.
const enteredValues = z.object({
  purpose: z.string().max(40).optional().catch(undefined),
  otherReason: z.string().transform((v) => v.slice(0, 200)).optional().catch(undefined),
});

// A link from a task says the purpose itself: the task is checked, so the access log names a real one.
const openQuery = z.object({
  purpose: z.literal('task').optional().catch(undefined),
  task: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional().catch(undefined),
});

/**
 * How long a stated purpose covers the same record in the same session: moving between its sections or reloading it does
 * not ask again (each open is still logged with it), coming back later does.
 */
const PURPOSE_MINUTES = 30;
const MAX_KEPT_PURPOSES = 20;

const OUTCOME_WORDS: Record<string, string> = {
  'information-and-advice': 'Information and advice',
  'prevention-service': 'A prevention service',
  'referral-for-assessment': 'Referral for a Care Act assessment',
  'review-or-reassessment': 'A review or reassessment',
  'safeguarding-concern': 'A safeguarding concern',
};
const DECISION_WORDS: Record<RecordedDecision['formId'], string> = {
  'triage-contact': 'Triage',
  'decide-next-steps': 'Team manager\'s decision on the next steps',
  'ask-for-consent': 'Asking the person for their consent',
};
const CONSENT_ANSWER_WORDS: Record<string, string> = {
  given: 'They consented', refused: 'They refused their consent', 'not-reached': 'They could not be reached',
};
const METHOD_WORDS: Record<string, string> = { phone: 'Phone', email: 'E-mail', text: 'Text message', letter: 'Letter', 'face-to-face': 'Face to face' };
const STATUS_WORDS: Record<string, { text: string; colour: string }> = {
  pending: { text: 'Sending', colour: 'grey' },
  sent: { text: 'Sent', colour: 'green' },
  'not-sent': { text: 'Not sent', colour: 'orange' },
  failed: { text: 'Failed', colour: 'red' },
  'needs-alternative-format': { text: 'Needs another format', colour: 'orange' },
};
const STEP_WORDS: Record<string, string> = { done: 'done', waiting: 'waiting now', cancelled: 'no longer needed' };

type CaseDeps = {
  contacts: ContactRepository; accessLog: AccessLog; readModel: ReadModel; messages: MessageViews; referrals: ReferralRepository;
  practitioners: Pick<PractitionerLookup, 'findAllocation' | 'findPractitioner' | 'findTeam'>; staff: readonly StaffMember[];
};

/** The person's details as summary-list rows: who they are, how to contact them, what they need to communicate. */
function personRows(c: ContactRecord) {
  const p = c.person;
  const row = (key: string, value: string | undefined) => (value ? [{ key: { text: key }, value: { text: value } }] : []);
  const address = [...p.address.lines, ...(p.address.postcode ? [p.address.postcode] : [])].join(', ');
  const needs = p.communicationNeeds.map((n) => (n === 'interpreter' && p.interpreterLanguage ? `interpreter (${p.interpreterLanguage})` : n.replace(/-/g, ' ')));
  return [
    ...row('Name', p.name),
    ...row('Date of birth', describeDay(p.dateOfBirth)),
    ...row('NHS number', p.nhsNumber),
    ...row('Address', address),
    ...row('Phone', p.phone),
    ...row('E-mail', p.email),
    ...row('How they want to be contacted', METHOD_WORDS[p.preferredContactMethod]),
    ...row('Communication needs', needs.length ? sentence(needs.join(', ')) : 'None recorded'),
    ...row('About their communication', p.communicationNotes),
    ...row('Contact made by', sentence(c.madeBy.kind === 'someone-else' ? `${c.madeBy.name}, ${describeMadeBy(c.madeBy)}` : describeMadeBy(c.madeBy))),
    ...row('How the contact came in', METHOD_WORDS[c.channel] ?? sentence(c.channel.replace(/-/g, ' '))),
    ...row('Received', ukDateTime(c.receivedAt)),
  ];
}

/** One decision, in words: what it was, its outcome, who made it and when. */
function decisionView(d: RecordedDecision, staff: readonly StaffMember[]) {
  const outcome = typeof d.data.outcome === 'string' ? OUTCOME_WORDS[d.data.outcome] ?? sentence(d.data.outcome.replace(/-/g, ' ')) : undefined;
  const answer = typeof d.data.consentAnswer === 'string' ? CONSENT_ANSWER_WORDS[d.data.consentAnswer] : undefined;
  const why = typeof d.data.rationale === 'string' ? d.data.rationale : undefined;
  return { what: DECISION_WORDS[d.formId], decided: outcome ?? answer ?? 'Recorded', why, by: nameOf(d.completedBy, staff), at: ukDateTime(d.completedAt) };
}

function messageView(m: CaseMessage) {
  const what = m.subject ?? (m.template ? sentence(m.template.replace(/-/g, ' ')) : 'A message');
  const status = STATUS_WORDS[m.status] ?? { text: sentence(m.status), colour: 'grey' };
  return {
    what, to: `${m.audience === 'person' ? 'The person' : 'A practitioner'}: ${m.destination}`, how: m.method ? METHOD_WORDS[m.method] ?? m.method : 'In-app and e-mail',
    status, reason: m.statusReason, at: ukDateTime(m.sentAt ?? m.createdAt),
  };
}

/** The MOJ timeline's items, newest first: each entry's plain words, its journey, and when. */
function timelineItems(entries: TimelineEntry[]) {
  return [...entries].reverse().map((e) => ({ label: { text: e.text }, text: e.journey.name, datetime: { timestamp: e.at.toISOString(), type: 'datetime' } }));
}

/** Each journey's named steps for those who cannot see the diagram. */
function journeyViews(paths: JourneyPath[]) {
  return paths.map((p) => ({
    id: p.processInstanceId, name: p.name, running: p.state === 'running',
    steps: p.steps.map((s) => ({ name: s.name, state: s.state, words: STEP_WORDS[s.state] })),
    waiting: p.steps.filter((s) => s.state === 'waiting').map((s) => s.name),
  }));
}

/**
 * The record is the case store's: with the engine out of reach it is still shown, its journeys and timeline said to be
 * unavailable (null), as the API's record does.
 */
function unlessEngineDown<T>(read: Promise<T>): Promise<T | null> {
  return read.catch((err: unknown) => {
    if (err instanceof AppError && err.status === 503) return null;
    throw err;
  });
}

/** The purpose stated for this case in this session, if still fresh; expired ones are dropped. */
function keptPurpose(req: Request, id: string): string | undefined {
  const kept = req.session.casePurposes ?? {};
  const now = Date.now();
  for (const [k, v] of Object.entries(kept)) if (now - v.at > PURPOSE_MINUTES * 60_000) delete kept[k];
  return kept[id]?.why;
}

function keepPurpose(req: Request, id: string, why: string): void {
  const kept = { ...(req.session.casePurposes ?? {}), [id]: { why, at: Date.now() } };
  const newest = Object.entries(kept).sort(([, a], [, b]) => b.at - a.at).slice(0, MAX_KEPT_PURPOSES);
  req.session.casePurposes = Object.fromEntries(newest);
}

/**
 * GET /cases/:id (the purpose question, the whole case, or for operations staff its journeys only), POST /cases/:id (the
 * stated purpose) and GET /cases/:id/diagram (the journeys' models and paths, for the diagram script).
 */
export function caseRouter(deps: CaseDeps): Router {
  const router = Router();

  /** The task a link came from, when it is on this case and the user may see it: its name says why. */
  async function purposeFromTask(req: Request, id: string): Promise<string | undefined> {
    const q = openQuery.parse(req.query);
    if (q.purpose !== 'task' || !q.task) return undefined;
    const task = await deps.readModel.findTask(q.task);
    if (!task || task.caseId !== id || !canView(task, actorOf(signedInUser(req)))) return undefined;
    return `to work on the task “${task.name ?? 'a task'}”`;
  }

  router.get('/cases/:id', async (req, res) => {
    const params = caseParams.safeParse(req.params);
    if (!params.success) return res.status(404).render('pages/not-found.njk');
    const { id } = params.data;
    const user = signedInUser(req);
    const common = { caseId: id, diagramUrl: `/cases/${id}/diagram` };

    if (!mayOpen('POST /cases/:id', user.groups)) {
      // Operations staff follow the journeys, never the person: no record is read, so nothing personal can be shown.
      const [timeline, paths] = await Promise.all([deps.readModel.caseTimeline(id), deps.readModel.casePaths(id)]);
      if (!timeline || !paths) return res.status(404).render('pages/not-found.njk');
      return res.render('pages/case.njk', { ...common, personal: false, timeline: timelineItems(timeline), journeys: journeyViews(paths) });
    }

    const why = (await purposeFromTask(req, id)) ?? keptPurpose(req, id);
    if (!why) {
      if (!(await deps.contacts.find(id))) return res.status(404).render('pages/not-found.njk');
      return res.render('pages/case-purpose.njk', { caseId: id, purposes: PURPOSES, values: {} });
    }
    keepPurpose(req, id, why);
    const record = await viewContact({ ...deps, decisions: deps.readModel }, id, { userId: user.id, what: 'the whole record', why });
    if (!record) return res.status(404).render('pages/not-found.njk');
    const madeByThePerson = record.madeBy.kind !== 'someone-else';
    const allocation = record.person.nhsNumber ? await deps.practitioners.findAllocation(record.person.nhsNumber) : undefined;
    const [messages, referrals, timeline, paths, worker, assessmentTeam] = await Promise.all([
      readCaseMessages(deps, id, { userId: user.id, why }),
      deps.referrals.forContact(id),
      unlessEngineDown(deps.readModel.caseTimeline(id)),
      unlessEngineDown(deps.readModel.casePaths(id)),
      allocation?.allocatedWorker ? deps.practitioners.findPractitioner(allocation.allocatedWorker) : undefined,
      allocation?.assessmentTeam ? deps.practitioners.findTeam(allocation.assessmentTeam) : undefined,
    ]);
    return res.render('pages/case.njk', {
      ...common,
      personal: true,
      name: record.person.name,
      person: personRows(record),
      stage: record.journey,
      urgent: record.urgency.urgent,
      safeguarding: record.flags.safeguardingConcern,
      coordinator: allocation?.allocatedWorker ? { name: worker?.name ?? allocation.allocatedWorker, role: worker?.role, team: assessmentTeam?.name } : undefined,
      leadPractitioner: record.leadPractitioner,
      decisions: record.decisions.map((d) => decisionView(d, deps.staff)),
      messages: (messages ?? []).map(messageView),
      referrals: referrals.map((r) => {
        const missing = missingItems(r, { madeByThePerson });
        return {
          kind: r.kind === 'assessment' ? 'Care Act assessment' : 'Reassessment after a review', status: sentence(r.status.replace(/-/g, ' ')),
          team: r.team ?? 'Not decided yet', worker: r.allocatedWorker ? nameOf(r.allocatedWorker, deps.staff) : 'Not allocated yet',
          missing: missing.map((m) => m.description), at: ukDateTime(r.createdAt),
        };
      }),
      timeline: timelineItems(timeline ?? []),
      journeys: journeyViews(paths ?? []),
      engineDown: timeline === null || paths === null,
    });
  });

  router.post('/cases/:id', async (req, res) => {
    const params = caseParams.safeParse(req.params);
    if (!params.success || !(await deps.contacts.find(params.data.id))) return res.status(404).render('pages/not-found.njk');
    const { id } = params.data;
    const form = purposeForm.safeParse(req.body);
    if (!form.success) {
      const errors = form.error.issues.map((i) => ({ field: String(i.path[0] ?? 'purpose'), text: i.message }));
      const values = enteredValues.parse(req.body ?? {});
      return res.status(400).render('pages/case-purpose.njk', { caseId: id, purposes: PURPOSES, values, errors });
    }
    const why = form.data.purpose === 'other' ? `another reason: ${form.data.otherReason ?? ''}` : PURPOSES[form.data.purpose].toLowerCase();
    keepPurpose(req, id, why);
    // Saved before redirecting, so the case page's request reads the purpose (see the inbox's actions).
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err as Error) : resolve())));
    return res.redirect(303, `/cases/${id}`);
  });

  // The diagram's data: each journey's model as deployed and the ids of the steps passed and waiting; nothing personal.
  router.get('/cases/:id/diagram', async (req, res) => {
    const params = caseParams.safeParse(req.params);
    const paths = params.success ? await deps.readModel.casePaths(params.data.id) : undefined;
    if (!paths) return res.status(404).json({ journeys: [] });
    const journeys = await Promise.all(paths.map(async (p) => ({
      id: p.processInstanceId, name: p.name, xml: await deps.readModel.diagramXml(p.processDefinitionId), passed: p.passed, waiting: p.waiting,
    })));
    return res.json({ journeys });
  });

  return router;
}
