// Each Camunda Form and the schema its completions are checked against agree: same fields, same required ones.
import fs from 'node:fs';
import { z } from 'zod';
import { PROCESSES_DIR } from '../../src/engine/deploy';
import { listModelFiles } from '../../src/engine/model-check';
import { TASK_FORMS } from '../../src/domain/tasks';

// A group with a path (the referral items a gathering task may carry) is one field of the schema, an object.
interface FormComponent { key?: string; path?: string; type?: string; validate?: { required?: boolean } }
const keyOf = (c: FormComponent) => c.key ?? (c.type === 'group' ? c.path : undefined);
const forms = listModelFiles(PROCESSES_DIR)
  .filter((f) => f.kind === 'form')
  .map((f) => JSON.parse(fs.readFileSync(f.file, 'utf8')) as { id: string; components: FormComponent[] });

test('when the forms are listed, then each has a completion schema and each schema a form', () => {
  expect(forms.map((f) => f.id).sort()).toEqual(Object.keys(TASK_FORMS).sort());
});

test.each(forms.map((f) => [f.id, f] as const))('when form %s is completed, then the schema asks for exactly its fields', (id, form) => {
  const schema = TASK_FORMS[id as keyof typeof TASK_FORMS].schema as z.AnyZodObject;
  const fields = form.components.filter(keyOf).map((c) => keyOf(c)!);
  expect(Object.keys(schema.shape).sort()).toEqual([...fields].sort());
  const required = form.components.filter((c) => c.validate?.required).map((c) => c.key!);
  for (const key of fields) {
    expect([key, (schema.shape as Record<string, z.ZodTypeAny>)[key]!.isOptional()]).toEqual([key, !required.includes(key) && !isCheckbox(form, key)]);
  }
});

test.each(Object.entries(TASK_FORMS).map(([id, f]) => [id, f.routing] as const))('when form %s is completed, then the engine receives only %j', (id, routing) => {
  const schema = TASK_FORMS[id as keyof typeof TASK_FORMS].schema as z.AnyZodObject;
  for (const field of routing) expect(Object.keys(schema.shape)).toContain(field);
});

function isCheckbox(form: { components: (FormComponent & { type?: string })[] }, key: string): boolean {
  return form.components.some((c) => c.key === key && c.type === 'checkbox');
}

type Shown = { text?: string; label?: string; description?: string; values?: { label?: string }[]; components?: Shown[] };

/** Every text, label, description and choice a form shows staff. */
function wordsShown(components: Shown[]): string[] {
  return components.flatMap((c) => [
    ...[c.text, c.label, c.description].filter((v): v is string => typeof v === 'string'),
    ...(c.values ?? []).map((v) => v.label ?? ''),
    ...wordsShown(c.components ?? []),
  ]);
}

test.each(forms.map((f) => [f.id, f] as const))('when staff read form %s, then it shows no rule code, API path or engine term', (_id, form) => {
  for (const words of wordsShown(form.components as Shown[])) {
    expect({ words, ruleCode: /\b[CTFAVUG]\d+\b/.test(words), apiPath: /\/api\/|\b(GET|POST|PATCH|PUT|DELETE) \//.test(words), engineTerm: /\b(engine|BPMN|process variable|Zeebe|Operaton)\b/i.test(words) })
      .toEqual({ words, ruleCode: false, apiPath: false, engineTerm: false });
  }
});
