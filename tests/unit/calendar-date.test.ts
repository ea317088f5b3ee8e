// Calendar dates: only real days are taken, none is rolled over, and each field's range is judged on London's calendar.
import { addYears, calendarDateIn, calendarDateSchema, DATE_OF_BIRTH, dateProblem, LETTER_RECEIVED, PROMISED_CONTACT, SUPPORT_STARTS } from '../../src/domain/calendar-date';

const YEARS = Array.from({ length: 401 }, (_, i) => 1800 + i);
const isLeap = (y: number) => new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1;

test('when a date is 29 February of any year from 1800 to 2200 without one, then it is refused; in a leap year it is taken', () => {
  for (const year of YEARS) {
    expect([year, calendarDateSchema.safeParse(`${year}-02-29`).success]).toEqual([year, isLeap(year)]);
  }
});

test.each(['2026-04-31', '2026-06-31', '2026-09-31', '2026-11-31', '2026-02-30', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32'])(
  'when the date is %s, which is not on the calendar, then it is refused rather than rolled over',
  (day) => {
    expect(calendarDateSchema.safeParse(day).success).toBe(false);
  },
);

test.each(['1 March 2027', '2027-3-1', '01/03/2027', '2027-03-01T00:00:00Z', '20270301', ''])('when the date is written "%s", then it is refused: YYYY-MM-DD only', (day) => {
  expect(calendarDateSchema.safeParse(day).error?.issues[0]?.message).toBe('write the date as year, month and day, YYYY-MM-DD, such as 1941-05-17');
});

test('when a year is added to 29 February, then it is the 28th of a year without one', () => {
  expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
  expect(addYears('2028-02-29', -4)).toBe('2024-02-29');
});

const TODAY = '2026-11-30';
test.each([
  ['a date of birth', DATE_OF_BIRTH, '1943-02-29', 'is not a date: there is no 29 February in 1943'],
  ['a date of birth', DATE_OF_BIRTH, '2026-12-01', 'cannot be in the future: check the year'],
  ['a date of birth', DATE_OF_BIRTH, '1896-11-29', 'cannot be before 30 November 1896 (more than 130 years ago): check the year'],
  ['a date of birth', DATE_OF_BIRTH, '1896-11-30', undefined],
  ['a date of birth', DATE_OF_BIRTH, TODAY, undefined],
  ['the day a letter arrived', LETTER_RECEIVED, '2026-12-01', 'cannot be in the future: give the day the letter arrived'],
  ['the day a letter arrived', LETTER_RECEIVED, '2025-11-29', 'cannot be before 30 November 2025 (more than a year ago): check the year'],
  ['the day a letter arrived', LETTER_RECEIVED, '2025-11-30', undefined],
  ['a promised next contact', PROMISED_CONTACT, '2027-02-29', 'is not a date: there is no 29 February in 2027'],
  ['a promised next contact', PROMISED_CONTACT, '2026-11-29', 'cannot be in the past: agree today or a later day with the person'],
  ['a promised next contact', PROMISED_CONTACT, TODAY, undefined],
  ['a promised next contact', PROMISED_CONTACT, '2027-11-30', undefined],
  ['a promised next contact', PROMISED_CONTACT, '2027-12-01', 'cannot be after 30 November 2027 (more than a year ahead): agree a nearer day with the person'],
  ['the day support starts', SUPPORT_STARTS, '2025-11-29', 'cannot be before 30 November 2025 (more than a year ago): check the year'],
  ['the day support starts', SUPPORT_STARTS, '2027-12-01', 'cannot be after 30 November 2027 (more than a year ahead): check the year'],
  ['the day support starts', SUPPORT_STARTS, '2025-11-30', undefined],
] as const)('when %s is %s on 30 November 2026, then the staff are told %j', (_what, range, day, problem) => {
  expect(dateProblem(range, day, TODAY)).toBe(problem);
});

test('when a schema is given its own today, then the range is judged on that day, not the machine\'s', () => {
  const onNewYearsDay = calendarDateIn(PROMISED_CONTACT, () => '2030-01-01');
  expect(onNewYearsDay.safeParse('2029-12-31').success).toBe(false);
  expect(onNewYearsDay.safeParse('2030-01-01').success).toBe(true);
});
