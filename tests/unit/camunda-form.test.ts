// The task forms as the staff app reads them (src/web/camunda-form.ts): which fields a condition hides, and what a
// submitted page's boxes mean in the form's own shape, for every form in processes/forms.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultValues, fieldsOf, hiddenIds, parseForm, valuesFrom } from '../../src/web/camunda-form';
import { textHtml } from '../../src/web/routes/task';

const FORMS = path.join(__dirname, '..', '..', 'processes', 'forms');
const form = (id: string) => parseForm(JSON.parse(readFileSync(path.join(FORMS, `${id}.form`), 'utf8')));

test('every task form is one the staff app can show: each field has a place for its answer, none twice', () => {
  for (const file of readdirSync(FORMS)) {
    const names = fieldsOf(parseForm(JSON.parse(readFileSync(path.join(FORMS, file), 'utf8')))).map((f) => f.name);
    expect({ file, duplicates: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ file, duplicates: [] });
  }
});

test('when the person made the contact, the triage does not ask about consent; when consent is not confirmed, it asks what can be done without it, and best interests asks for the record', () => {
  const triage = form('triage-contact');
  const hiddenNames = (data: object, values: object) => {
    const hidden = hiddenIds(triage, data as Record<string, unknown>, values as Record<string, unknown>);
    return fieldsOf(triage).filter((f) => hidden.has(f.component.id)).map((f) => f.name);
  };
  expect(hiddenNames({ madeByThePerson: true }, {})).toEqual(['consentConfirmed', 'withoutConsent', 'capacityAssessment', 'bestInterestsDecidedBy', 'bestInterestsDecidedOn']);
  expect(hiddenNames({ madeByThePerson: false }, { consentConfirmed: 'not-confirmed' })).toEqual(['capacityAssessment', 'bestInterestsDecidedBy', 'bestInterestsDecidedOn']);
  expect(hiddenNames({ madeByThePerson: false }, { consentConfirmed: 'not-confirmed', withoutConsent: 'best-interests' })).toEqual([]);
});

test('a submitted triage page becomes the form\'s answers: ticks as true or false, several organisations as a list, a day from three boxes, hidden and blank fields left out', () => {
  const { values, problems } = valuesFrom(form('triage-contact'), {
    outcome: 'information-and-advice', wellbeing: ' Lonely ', prevention: '', signposting: ['age-uk-leeds', 'carers-leeds'],
    'nextContactBy-day': '3', 'nextContactBy-month': '11', 'nextContactBy-year': '2027', consentConfirmed: 'consent', followUpBy: 'contact-team',
  }, { madeByThePerson: true });
  expect(problems).toEqual([]);
  expect(values).toEqual({
    outcome: 'information-and-advice', wellbeing: 'Lonely', signposting: ['age-uk-leeds', 'carers-leeds'], nextContactBy: '2027-11-03', followUpBy: 'contact-team', actionClear: false,
  });
});

test('a day that is not a real date, or lacks a part, is named on its field before the service is asked', () => {
  const triage = form('triage-contact');
  expect(valuesFrom(triage, { 'nextContactBy-day': '31', 'nextContactBy-month': '2', 'nextContactBy-year': '2027' }, {}).problems)
    .toEqual([{ name: 'nextContactBy', detail: 'must be a real date, for example 27 3 2026' }]);
  expect(valuesFrom(triage, { 'nextContactBy-day': '3', 'nextContactBy-year': '2027' }, {}).problems)
    .toEqual([{ name: 'nextContactBy', detail: 'must include a day, month and year' }]);
});

test('gathering a referral\'s missing parts takes "not known" and "none" as those answers, not as text', () => {
  const gather = form('gather-referral-information');
  const { values } = valuesFrom(gather, { gathered: 'Phoned the daughter', 'items.personalDetails.preferredName': 'None', 'items.personalDetails.nationalInsuranceNumber': 'not known' }, {});
  expect(values).toMatchObject({ items: { personalDetails: { preferredName: { none: true }, nationalInsuranceNumber: { notKnown: true } } } });
});

test('a form starts from its defaults: who follows the advice up is the contact team, and no box is ticked', () => {
  expect(defaultValues(form('triage-contact'))).toEqual({ followUpBy: 'contact-team', actionClear: false });
});

test('a text component\'s words are escaped and laid out: headings, lists, paragraphs and the values it names', () => {
  expect(textHtml('## Act now\nCall 999.\n\n- one\n- <two>\n\nStill missing: {{missingItems}}.', { missingItems: ['1. personal details', '2. needs'] }))
    .toBe('<h2 class="govuk-heading-m">Act now</h2><p class="govuk-body">Call 999.</p><ul class="govuk-list govuk-list--bullet"><li>one</li><li>&#60;two&#62;</li></ul><p class="govuk-body">Still missing: 1. personal details; 2. needs.</p>');
});
