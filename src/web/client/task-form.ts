/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The task page's one script: shows and hides the form's parts as the answers change, by the form's own conditions
// (FEEL, evaluated by feelin as in form-js), with the same code the server uses. Without it every part the
// server showed stays shown, and the server applies the conditions on submitting.
import { hiddenIds, parseForm, valuesFrom, type Submitted } from '../camunda-form';

const element = document.querySelector<HTMLFormElement>('form[data-camunda-form]');
const definition = document.getElementById('form-definition')?.textContent;

if (element && definition) {
  const form = element;
  const { form: schema, data } = JSON.parse(definition) as { form: unknown; data: Record<string, unknown> };
  const camundaForm = parseForm(schema);

  const submitted = (): Submitted => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of new FormData(form)) {
      if (typeof value !== 'string') continue;
      const had = out[name];
      out[name] = had === undefined ? value : ([] as string[]).concat(had, value);
    }
    return out;
  };

  const update = () => {
    const { values } = valuesFrom(camundaForm, submitted(), data);
    const hidden = hiddenIds(camundaForm, data, values);
    for (const part of form.querySelectorAll<HTMLElement>('[data-component]')) {
      part.hidden = hidden.has(part.dataset.component ?? '');
    }
  };

  form.addEventListener('change', update);
  form.addEventListener('input', update);
  update();
}
