// Camunda Forms (processes/forms/*.form, as Camunda Modeler saves them: the one source of every task's fields) shown
// as GOV.UK Frontend components, and what a submitted page means in the form's own terms. Pure functions with no Node
// imports: the browser's copy (src/web/client/task-form.ts) bundles this file, so the page and the server agree on
// which fields a condition hides and on what the answers are.
import { evaluate } from 'feelin';
import { z } from 'zod';

/** The parts of form-js's schema (https://docs.camunda.io/docs/components/modeler/forms/form-element-library/) these forms use. */
export interface FormComponent {
  id: string;
  type: string;
  key?: string;
  /** A group's path: its fields' values sit under it ("items.personalDetails.fullName"). */
  path?: string;
  label?: string;
  description?: string;
  /** A text component's Markdown, with {{name}} filled from the form's data. */
  text?: string;
  values?: { label: string; value: string }[];
  /** Where a taglist's or select's choices come from in the form's data, instead of `values`. */
  valuesKey?: string;
  validate?: { required?: boolean; maxLength?: number };
  /** A FEEL expression: the component is hidden while it is true. */
  conditional?: { hide?: string };
  defaultValue?: unknown;
  /** "date" for a datetime that takes a day. */
  subtype?: string;
  /** Modeler's custom properties. `answers: "not-known-or-none"` on a group lets its text fields be answered "not known" or "none" (F2). */
  properties?: Record<string, string>;
  components?: FormComponent[];
}

const componentSchema: z.ZodType<FormComponent> = z.lazy(() => z.object({
  id: z.string(),
  type: z.string(),
  key: z.string().optional(),
  path: z.string().optional(),
  label: z.string().optional(),
  description: z.string().optional(),
  text: z.string().optional(),
  values: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  valuesKey: z.string().optional(),
  validate: z.object({ required: z.boolean().optional(), maxLength: z.number().optional() }).passthrough().optional(),
  conditional: z.object({ hide: z.string().optional() }).optional(),
  defaultValue: z.unknown().optional(),
  subtype: z.string().optional(),
  properties: z.record(z.string()).optional(),
  components: z.array(componentSchema).optional(),
}).passthrough());

/** A .form file's content, checked to be a form this renderer can show. Throws a ZodError naming what is not. */
export const parseForm = (form: unknown): FormComponent => componentSchema.parse(form);

/** A field's value as the form holds it: text, a choice, several choices, a tick, a day (YYYY-MM-DD), or "not known"/"none". */
export type Values = Record<string, unknown>;

/** One field the page asks for: where its answer goes (`name`, dotted by the groups' paths) and how it is asked. */
export interface FormField {
  component: FormComponent;
  /** "items.personalDetails.fullName": the answer's place in the submitted values, and the HTML name. */
  name: string;
  /** The groups the field sits in, outermost first (their paths), for a condition's local values. */
  scope: string[];
  /** A text field that may be answered "not known" or "none". */
  mayBeNotKnown: boolean;
}

const INPUT_TYPES = new Set(['textfield', 'textarea', 'select', 'radio', 'checkbox', 'taglist', 'datetime', 'number']);

/** Every field of the form, groups walked through, in the order they are shown. */
export function fieldsOf(form: FormComponent): FormField[] {
  const out: FormField[] = [];
  const walk = (c: FormComponent, scope: string[], mayBeNotKnown: boolean) => {
    if (c.type === 'group' || c.type === 'default') {
      const inner = c.path ? [...scope, ...c.path.split('.')] : scope;
      for (const child of c.components ?? []) walk(child, inner, mayBeNotKnown || c.properties?.answers === 'not-known-or-none');
      return;
    }
    if (c.key && INPUT_TYPES.has(c.type)) out.push({ component: c, name: [...scope, c.key].join('.'), scope, mayBeNotKnown: mayBeNotKnown && (c.type === 'textfield' || c.type === 'textarea') });
  };
  walk(form, [], false);
  return out;
}

function getPath(values: Values, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), values);
}

function setPath(values: Values, path: string[], value: unknown): void {
  let at = values;
  for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Values;
  at[path[path.length - 1] as string] = value;
}

/** A field's current answer. */
export const valueAt = (values: Values, name: string): unknown => getPath(values, name.split('.'));

/**
 * Whether a component is hidden: its `conditional.hide` FEEL expression is true over the form's data and answers, with
 * the answers of the groups it sits in nearest (as form-js evaluates them). An expression that cannot be evaluated
 * hides nothing: better a field too many than a question lost.
 */
export function isHidden(c: FormComponent, scope: string[], data: Values, values: Values): boolean {
  const hide = c.conditional?.hide?.trim();
  if (!hide) return false;
  const local = scope.reduce<Values>((ctx, _k, i) => ({ ...ctx, ...(getPath(values, scope.slice(0, i + 1)) as Values | undefined) }), {});
  try {
    return evaluate(hide.replace(/^=/, ''), { ...data, ...values, ...local }).value === true;
  } catch {
    return false;
  }
}

/** The ids of every component (fields, groups, text) a condition hides now. */
export function hiddenIds(form: FormComponent, data: Values, values: Values): Set<string> {
  const hidden = new Set<string>();
  const walk = (c: FormComponent, scope: string[], parentHidden: boolean) => {
    const here = parentHidden || isHidden(c, scope, data, values);
    if (here) hidden.add(c.id);
    const inner = c.path ? [...scope, ...c.path.split('.')] : scope;
    for (const child of c.components ?? []) walk(child, inner, here);
  };
  walk(form, [], false);
  return hidden;
}

/** What a page submits: each name once or, for a field with several choices, as often as it was chosen. */
export type Submitted = Record<string, string | string[] | undefined>;

/** A problem with what was typed, found before the service is asked: a date that is not a real day. */
export interface EntryProblem {
  name: string;
  detail: string;
}

const NOT_KNOWN = /^not known$/i;
const NONE = /^none$/i;
const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] ?? '' : v ?? '').trim();

/** A day typed in three boxes (GOV.UK's date input) as YYYY-MM-DD; undefined when all three are blank. */
function dayFrom(day: string, month: string, year: string): string | undefined {
  if (!day && !month && !year) return undefined;
  if (!day || !month || !year) return `must include a day, month and year`;
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (![d, m, y].every(Number.isInteger) || year.length !== 4) return 'must be a real date, for example 27 3 2026';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'must be a real date, for example 27 3 2026';
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The answers a submitted page gives, in the form's shape (groups' paths nested), with what the page's own boxes got
 * wrong. Blank text is no answer; "not known" or "none" typed where the form allows it is that answer
 * (`{ notKnown: true }`, `{ none: true }`); a tick box is true or false, as form-js sends it; several choices are a
 * list; a day is YYYY-MM-DD from its day, month and year boxes (`name-day`, `name-month`, `name-year`). Fields hidden by
 * their conditions are left out, as form-js leaves them out.
 */
export function valuesFrom(form: FormComponent, submitted: Submitted, data: Values): { values: Values; problems: EntryProblem[] } {
  const values: Values = {};
  const problems: EntryProblem[] = [];
  for (const f of fieldsOf(form)) {
    const c = f.component;
    const path = f.name.split('.');
    if (c.type === 'checkbox') setPath(values, path, first(submitted[f.name]) === 'true');
    else if (c.type === 'taglist') {
      const chosen = ([] as string[]).concat(submitted[f.name] ?? []).filter(Boolean);
      if (chosen.length) setPath(values, path, chosen);
    } else if (c.type === 'datetime') {
      const day = dayFrom(first(submitted[`${f.name}-day`]), first(submitted[`${f.name}-month`]), first(submitted[`${f.name}-year`]));
      if (day && !/^\d{4}-\d\d-\d\d$/.test(day)) problems.push({ name: f.name, detail: day });
      else if (day) setPath(values, path, day);
    } else {
      const text = first(submitted[f.name]);
      if (!text) continue;
      if (f.mayBeNotKnown && NOT_KNOWN.test(text)) setPath(values, path, { notKnown: true });
      else if (f.mayBeNotKnown && NONE.test(text)) setPath(values, path, { none: true });
      else setPath(values, path, text);
    }
  }
  return { values: withoutHidden(form, values, data), problems };
}

/** The answers without those of fields their conditions hide now. */
export function withoutHidden(form: FormComponent, values: Values, data: Values): Values {
  const hidden = hiddenIds(form, data, values);
  const kept: Values = {};
  for (const f of fieldsOf(form)) {
    const v = valueAt(values, f.name);
    if (v !== undefined && !hidden.has(f.component.id)) setPath(kept, f.name.split('.'), v);
  }
  return kept;
}

/** The answers a form starts with: each field's default value (a tick box not ticked, a radio's usual choice). */
export function defaultValues(form: FormComponent): Values {
  const values: Values = {};
  for (const f of fieldsOf(form)) {
    if (f.component.defaultValue !== undefined) setPath(values, f.name.split('.'), f.component.defaultValue);
  }
  return values;
}

/** The HTML id of a field's first box: where the error summary's link takes the keyboard. */
export const idOf = (name: string, type?: string): string => `f-${name.replace(/\./g, '-')}${type === 'datetime' ? '-day' : ''}`;
