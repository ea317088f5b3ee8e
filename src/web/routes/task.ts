// A task's page: its Camunda Form as GOV.UK components beside the minimum the task needs about the person; claim,
// complete with the service's own checks (refusals shown on the fields, nothing changed), and a team manager's
// "give to someone else".
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf } from '../../api/access-policy';
import { completeTask, openTask, type OpenedTask, type TaskWorkDeps } from '../../api/tasks';
import { reassignTask, visibleTask, type TaskCommands } from '../../domain/inbox';
import { canSee, manages } from '../../domain/tasks';
import { AppError, type FieldError } from '../../errors';
import { ukDateTime } from '../format';
import { defaultValues, fieldsOf, hiddenIds, idOf, parseForm, valueAt, valuesFrom, type EntryProblem, type FormComponent, type FormField, type Submitted, type Values } from '../camunda-form';
import { signedInUser } from '../middleware/page-access';
import { flashFor, saveFlash } from '../flash';
import { nameOf, type StaffMember } from '../staff';

// A key of another shape is no task: the same 404 as one that does not exist.
const keyParams = z.object({ key: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }).catch({ key: 'not-a-task' });
const submittedSchema = z.record(z.union([z.string().max(20_000), z.array(z.string().max(20_000)).max(50)]));
const reassignForm = z.object({ assignee: z.string().trim().regex(/^[A-Za-z0-9._@-]{1,64}$/) });

/** One thing the form shows, ready for its GOV.UK macro (src/web/views/pages/task.njk). */
type FormNode =
  | { kind: 'text'; id: string; html: string; hide?: string; hidden: boolean }
  | { kind: 'group'; id: string; legend: string; hide?: string; hidden: boolean; children: FormNode[] }
  | { kind: 'field'; id: string; macro: 'input' | 'textarea' | 'select' | 'radios' | 'checkboxes' | 'date'; params: Record<string, unknown>; hide?: string; hidden: boolean };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A text component's Markdown as GOV.UK-styled HTML: "## " and "### " headings, "- " lists, paragraphs, **bold**, and
 * {{name}} filled from the form's data; everything escaped first, so a form can add no markup of its own.
 */
export function textHtml(text: string, data: Values): string {
  const filled = text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    const v = data[name];
    return Array.isArray(v) ? v.join('; ') : typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  });
  const inline = (s: string) => escapeHtml(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  return filled.split(/\n\s*\n/).map((block) => {
    const lines = block.split('\n').filter((l) => l.trim());
    if (lines.length === 1 && /^###\s/.test(lines[0]!)) return `<h3 class="govuk-heading-s">${inline(lines[0]!.replace(/^###\s+/, ''))}</h3>`;
    if (lines.length && /^##\s/.test(lines[0]!)) {
      const rest = lines.slice(1).join('\n');
      return `<h2 class="govuk-heading-m">${inline(lines[0]!.replace(/^##\s+/, ''))}</h2>${rest ? textHtml(rest, {}) : ''}`;
    }
    if (lines.length && lines.every((l) => /^\s*[-*]\s/.test(l))) return `<ul class="govuk-list govuk-list--bullet">${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*]\s+/, ''))}</li>`).join('')}</ul>`;
    return `<p class="govuk-body">${lines.map(inline).join('<br>')}</p>`;
  }).join('');
}

/** A refusal's words for the field it names: zod's fragments ("is required") after the field's label; no JSON. */
function errorText(detail: string, label: string): string {
  const words = detail.replace(/\s*\(\{[^)]*\}\)/g, '');
  return /^[a-z]/.test(words) ? `${label} ${words}` : words;
}

/**
 * The form as GOV.UK components: each field with its answer, hint, choices and error; each group a fieldset; each
 * condition kept on its wrapper (`hide`, for the page's script) and applied now (`hidden`).
 */
export function formNodes(form: FormComponent, data: Values, values: Values, errors: Map<string, string>, typed: Submitted = {}): FormNode[] {
  const hidden = hiddenIds(form, data, values);
  const fields = new Map(fieldsOf(form).map((f) => [f.component.id, f]));
  const node = (c: FormComponent): FormNode | undefined => {
    const common = { id: c.id, hide: c.conditional?.hide, hidden: hidden.has(c.id) };
    if (c.type === 'text') return { kind: 'text', ...common, html: textHtml(c.text ?? '', data) };
    if (c.type === 'group') return { kind: 'group', ...common, legend: c.label ?? '', children: (c.components ?? []).map(node).filter((n): n is FormNode => !!n) };
    const f = fields.get(c.id);
    return f ? fieldNode(f, data, values, errors, common, typed) : undefined;
  };
  return (form.components ?? []).map(node).filter((n): n is FormNode => !!n);
}

function fieldNode(f: FormField, data: Values, values: Values, errors: Map<string, string>, common: { id: string; hide?: string; hidden: boolean }, typed: Submitted): FormNode {
  const c = f.component;
  const label = c.label ?? c.key ?? '';
  const id = idOf(f.name);
  const error = errors.get(f.name);
  const value = valueAt(values, f.name);
  const hintText = [c.description, f.mayBeNotKnown ? 'If nobody can give it, write "not known"; if there is none to give, write "none".' : undefined].filter(Boolean).join(' ');
  const base = { id, name: f.name, hint: hintText ? { text: hintText } : undefined, errorMessage: error ? { text: error } : undefined };
  const choices = c.values ?? (c.valuesKey ? z.array(z.object({ label: z.string(), value: z.string() })).catch([]).parse(data[c.valuesKey]) : []);
  const answerText = (v: unknown) => (v && typeof v === 'object' ? ('notKnown' in v ? 'not known' : 'none') : typeof v === 'string' ? v : '');
  switch (c.type) {
    case 'textarea':
      return { kind: 'field', ...common, macro: 'textarea', params: { ...base, label: { text: label, classes: 'govuk-label--s' }, value: answerText(value), rows: 3 } };
    case 'select':
      return {
        kind: 'field', ...common, macro: 'select', params: {
          ...base, label: { text: label, classes: 'govuk-label--s' },
          items: [{ value: '', text: 'Choose one' }, ...choices.map((v) => ({ value: v.value, text: v.label, selected: value === v.value }))],
        },
      };
    case 'radio':
      return {
        kind: 'field', ...common, macro: 'radios', params: {
          ...base, idPrefix: id, fieldset: { legend: { text: label, classes: 'govuk-fieldset__legend--s' } },
          items: choices.map((v) => ({ value: v.value, text: v.label, checked: value === v.value })),
        },
      };
    case 'taglist':
      return {
        kind: 'field', ...common, macro: 'checkboxes', params: {
          ...base, idPrefix: id, fieldset: { legend: { text: label, classes: 'govuk-fieldset__legend--s' } },
          items: choices.map((v) => ({ value: v.value, text: v.label, checked: Array.isArray(value) && value.includes(v.value) })),
        },
      };
    case 'checkbox':
      return {
        kind: 'field', ...common, macro: 'checkboxes', params: {
          ...base, idPrefix: id, classes: 'govuk-checkboxes--small',
          items: [{ value: 'true', text: label, checked: value === true }],
        },
      };
    case 'datetime': {
      // What was typed is shown again as typed, a day that is not a real date included, so it can be corrected.
      const part = (p: string) => { const v = typed[`${f.name}-${p}`]; return typeof v === 'string' ? v : undefined; };
      const [y, m, d] = typeof value === 'string' ? value.split('-') : [];
      const [year, month, day] = [part('year') ?? y, part('month') ?? (m && String(Number(m))), part('day') ?? (d && String(Number(d)))];
      return {
        kind: 'field', ...common, macro: 'date', params: {
          ...base, id, namePrefix: f.name, fieldset: { legend: { text: label, classes: 'govuk-fieldset__legend--s' } },
          hint: { text: [c.description, 'For example, 27 3 2026'].filter(Boolean).join(' ') },
          items: [
            { name: 'day', label: 'Day', classes: `govuk-input--width-2${error ? ' govuk-input--error' : ''}`, value: day ?? '' },
            { name: 'month', label: 'Month', classes: `govuk-input--width-2${error ? ' govuk-input--error' : ''}`, value: month ?? '' },
            { name: 'year', label: 'Year', classes: `govuk-input--width-4${error ? ' govuk-input--error' : ''}`, value: year ?? '' },
          ],
        },
      };
    }
    default:
      return { kind: 'field', ...common, macro: 'input', params: { ...base, label: { text: label, classes: 'govuk-label--s' }, value: answerText(value), spellcheck: false } };
  }
}

/**
 * The service's field errors (JSON pointers into the answers) and the page's own, by field: each on the field it names,
 * or, for a group ("#/items/personalDetails"), on the group's first field; one the form has no field for goes to the
 * summary alone. Returns the errors by field name and the GOV.UK error summary's list.
 */
export function errorsByField(form: FormComponent, problems: readonly FieldError[], entry: readonly EntryProblem[]) {
  const fields = fieldsOf(form);
  const byName = new Map<string, string>();
  const summary: { text: string; href: string }[] = [];
  const add = (name: string | undefined, detail: string) => {
    const field = name === undefined ? undefined : fields.find((f) => f.name === name || name.startsWith(`${f.name}.`)) ?? fields.find((f) => f.name.startsWith(`${name}.`));
    const text = errorText(detail, field?.component.label ?? 'This answer');
    if (field && !byName.has(field.name)) byName.set(field.name, text);
    summary.push({ text, href: field ? `#${idOf(field.name, field.component.type)}` : '#task-form' });
  };
  for (const e of entry) add(e.name, e.detail);
  for (const p of problems) {
    const path = p.pointer.replace(/^#\/?/, '').split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    add(path.length ? path.join('.') : undefined, p.detail);
  }
  return { byName, summary };
}

const CHANNEL_WORDS: Record<string, string> = {
  phone: 'By phone', email: 'By e-mail', text: 'By text message', letter: 'By letter', 'web-form': 'Online form', 'partner-checklist': 'A partner\'s referral checklist',
};
const words = (v: unknown): string => (Array.isArray(v) ? v.map(words).join('; ') : String(v).replace(/-/g, ' '));

/** The person's summary beside the form, as GOV.UK summary-list rows: only what the task was given (the minimum necessary). */
function personRows(opened: OpenedTask): { key: { text: string }; value: { text: string } }[] {
  const c = opened.case;
  if (!c) return [];
  const p = c.person as typeof c.person & { phone?: string; email?: string; address?: { lines: string[]; postcode?: string } };
  const rows: [string, unknown][] = [
    ['Name', p.name],
    ['How they want to be contacted', p.preferredContactMethod && words(p.preferredContactMethod)],
    ['Phone', p.phone],
    ['E-mail', p.email],
    ['Address', p.address && [...p.address.lines, p.address.postcode].filter(Boolean).join(', ')],
    ['Communication needs', p.communicationNeeds?.length ? words(p.communicationNeeds) : 'None recorded'],
    ['Interpreter', p.interpreterLanguage],
    ['Who got in touch', c.madeBy.charAt(0).toUpperCase() + c.madeBy.slice(1)],
    ['How they got in touch', `${CHANNEL_WORDS[c.channel] ?? c.channel}, ${ukDateTime(new Date(c.receivedAt))}`],
    ['What they asked about', c.presentingIssue],
  ];
  return rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => ({ key: { text: k }, value: { text: String(v as string) } }));
}

/** The values a form's conditions and text read besides its own fields: the task's form data, and what a referral still misses. */
function formDataOf(opened: OpenedTask): Values {
  return {
    ...(opened.formData ?? {}),
    ...(opened.referral ? { missingItems: opened.referral.missingItems.map((m: { description?: string; name?: string }) => m.description ?? m.name ?? '') } : {}),
  };
}

/** The wording of a refused claim, completion or hand-over, never the engine's or a route's. */
function plainRefusal(err: AppError): string {
  if (err.status === 404) return 'That task is no longer open to you: it may have been done or moved.';
  if (err.status === 409) return 'That task has already been done, or cannot be changed now.';
  if (err.status === 403) return 'Only the person who claimed this task can complete it. Claim it first.';
  return 'That could not be done. Try again.';
}

export function taskRouter(deps: TaskWorkDeps & { commands: TaskWorkDeps['commands'] & TaskCommands; staff: readonly StaffMember[] }): Router {
  const router = Router();

  async function show(req: Request, res: Response, status: number, answers?: { values: Values; typed: Submitted; byName: Map<string, string>; summary: { text: string; href: string }[] }) {
    const user = signedInUser(req);
    const actor = actorOf(user);
    const { key } = keyParams.parse(req.params);
    // A team manager overseeing a task sees it without the person or the form: those are for the team doing it.
    const seen = await visibleTask({ tasks: deps.readModel }, actor, key);
    const opened: OpenedTask = canSee(seen, { ...actor, oversees: [] }) ? await openTask(deps, user, key) : { ...seen, form: null, formData: null, case: undefined };
    const form = opened.form ? parseForm(opened.form) : undefined;
    const data = formDataOf(opened);
    const values = answers?.values ?? (form ? defaultValues(form) : {});
    const mine = opened.assignee === user.id;
    const flash = flashFor(req, typeof req.query.done === 'string' ? req.query.done : undefined);
    // The conditions' own data, for the page's script; never the person's details.
    const conditionData = Object.fromEntries(Object.entries(data).filter(([k]) => k !== 'missingItems' && k !== 'signpostingOptions'));
    res.status(status).render('pages/task.njk', {
      task: opened,
      name: opened.name ?? 'A task',
      due: opened.dueDate ? ukDateTime(opened.dueDate) : undefined,
      holder: mine ? 'You' : opened.assignee ? nameOf(opened.assignee, deps.staff) : undefined,
      mine,
      canClaim: !opened.assignee && canSee(opened, actor),
      canGiveBack: !!opened.assignee && (mine || manages(opened, actor)),
      colleagues: manages(opened, actor) ? deps.staff.filter((s) => s.id !== opened.assignee && s.groups.some((g) => opened.candidateGroups.includes(g))) : undefined,
      person: personRows(opened),
      nodes: form ? formNodes(form, data, values, answers?.byName ?? new Map<string, string>(), answers?.typed) : [],
      // "<" escaped so the data cannot end the script element it sits in.
      formDefinition: JSON.stringify({ form: opened.form, data: conditionData }).replace(/</g, '\\u003c'),
      errorSummary: answers?.summary.length ? answers.summary : undefined,
      flash,
      back: `/tasks/${key}`,
    });
  }

  router.get('/tasks/:key', async (req, res) => {
    await show(req, res, 200);
  });

  router.post('/tasks/:key', async (req, res) => {
    const user = signedInUser(req);
    const { key } = keyParams.parse(req.params);
    const opened = await openTask(deps, user, key);
    if (!opened.form) throw new AppError(409, 'No form', 'The task has no form.');
    const form = parseForm(opened.form);
    const submitted = submittedSchema.parse(Object.fromEntries(Object.entries(req.body as Record<string, unknown>).filter(([k]) => k !== '_csrf')));
    const { values, problems } = valuesFrom(form, submitted, formDataOf(opened));
    if (problems.length) {
      await show(req, res, 400, { values, typed: submitted, ...errorsByField(form, [], problems) });
      return;
    }
    try {
      await completeTask(deps, user, key, values);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      if (err.status === 400) {
        await show(req, res, 400, { values, typed: submitted, ...errorsByField(form, err.errors ?? [{ pointer: '#', detail: err.detail }], []) });
        return;
      }
      await flashAndGo(req, res, 'problem', plainRefusal(err), `/tasks/${key}`);
      return;
    }
    await flashAndGo(req, res, 'success', `You completed “${opened.name ?? 'the task'}”.`, '/');
  });

  router.post('/tasks/:key/assignee', async (req, res) => {
    const user = signedInUser(req);
    const { key } = keyParams.parse(req.params);
    const form = reassignForm.safeParse(req.body);
    if (!form.success) {
      await flashAndGo(req, res, 'problem', 'Select who to give the task to.', `/tasks/${key}`);
      return;
    }
    try {
      const task = await reassignTask({ tasks: deps.readModel, commands: deps.commands }, actorOf(user), key, form.data.assignee);
      await flashAndGo(req, res, 'success', `“${task.name ?? 'The task'}” is now with ${nameOf(form.data.assignee, deps.staff)}.`, `/tasks/${key}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await flashAndGo(req, res, 'problem', err.status === 403 ? 'Only a team manager of its team can give a task to someone else.' : plainRefusal(err), `/tasks/${key}`);
    }
  });

  return router;
}

/** Keeps a message for the page the browser is sent to next (POST, redirect, GET). */
async function flashAndGo(req: Request, res: Response, kind: 'success' | 'problem', text: string, to: string): Promise<void> {
  const id = await saveFlash(req, kind, text);
  res.redirect(303, `${to}${to.includes('?') ? '&' : '?'}done=${id}`);
}
