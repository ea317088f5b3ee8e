// A completed form's dates are judged on the engine's London day: a promised contact (C8) and the day support starts (U2).
import { completionProblems, TASK_FORMS, type CompletionContext } from '../../src/domain/tasks';

const TODAY = '2026-11-30';
const ctx: CompletionContext = {
  madeByThePerson: () => Promise.resolve(true),
  consentAtTriage: () => Promise.resolve(undefined),
  isDirectoryService: () => Promise.resolve(true),
  allocatedWorker: () => Promise.resolve(undefined),
  isPractitioner: () => Promise.resolve(true),
  today: () => Promise.resolve(TODAY),
};
const assessment = (supportStartsOn: string) => ({ eligibleNeeds: true, supportArranged: true, supportStartsOn, notes: 'Home care twice a day.' });
const triage = (nextContactBy: string) => ({ outcome: 'information-and-advice', wellbeing: 'w', prevention: 'p', informationAndAdvice: 'i', nextContactBy, actionClear: true });

test.each([
  ['2025-11-29', 'cannot be before 30 November 2025 (more than a year ago): check the year'],
  ['2027-12-01', 'cannot be after 30 November 2027 (more than a year ahead): check the year'],
  ['2025-11-30', undefined],
  ['2027-11-30', undefined],
  [TODAY, undefined],
])('when an assessment says support starts on %s, on 30 November 2026, then it is refused at that field only when more than a year either side', async (day, detail) => {
  const data = TASK_FORMS['carry-out-assessment'].schema.parse(assessment(day));
  expect(await completionProblems('carry-out-assessment', data, ctx)).toEqual(detail ? [{ pointer: '#/supportStartsOn', detail }] : []);
});

test('when an assessment says support starts on 31 September, then the form is refused at that field before anything else is checked', () => {
  const parsed = TASK_FORMS['carry-out-assessment'].schema.safeParse(assessment('2027-09-31'));
  expect(parsed.error?.issues.map((i) => [i.path.join('/'), i.message])).toEqual([['supportStartsOn', 'is not a date: there is no 31 September in 2027']]);
});

test.each([
  ['2026-11-29', 'cannot be in the past: agree today or a later day with the person'],
  ['2027-12-01', 'cannot be after 30 November 2027 (more than a year ahead): agree a nearer day with the person'],
  [TODAY, undefined],
])('when triage promises the next contact on %s, on 30 November 2026, then it is refused at that field only when in the past or more than a year ahead', async (day, detail) => {
  const data = TASK_FORMS['triage-contact'].schema.parse(triage(day));
  expect(await completionProblems('triage-contact', data, ctx)).toEqual(detail ? [{ pointer: '#/nextContactBy', detail }] : []);
});

test.each([
  ['2026-12-25', 'is Christmas Day, a bank holiday, when nobody can make contact: agree a working day, such as 29 December 2026'],
  ['2026-12-26', 'is a Saturday, when nobody can make contact: agree a working day, such as 29 December 2026'],
  ['2027-04-02', undefined],
  ['2027-03-26', 'is Good Friday, a bank holiday, when nobody can make contact: agree a working day, such as 30 March 2027'],
])('when triage promises the next contact on %s, on 30 November 2026, then a weekend or bank holiday is refused, naming the next working day', async (day, detail) => {
  const data = TASK_FORMS['triage-contact'].schema.parse(triage(day));
  expect(await completionProblems('triage-contact', data, ctx)).toEqual(detail ? [{ pointer: '#/nextContactBy', detail }] : []);
});
