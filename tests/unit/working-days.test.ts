// Working days in England and Wales (GOV.UK's bank holidays): deadlines for people and practitioners land on days people work.
import { nextFollowUpCallAt } from '../../src/domain/contacts';
import { callBackDeadline } from '../../src/domain/transfers';
import { initialReviewDueAt } from '../../src/domain/reviews';
import { nextWorkingDay, notAWorkingDay, onAWorkingDay } from '../../src/domain/working-days';

test.each([
  ['2026-12-25', 'Christmas Day, a bank holiday'],
  ['2026-12-26', 'a Saturday'],
  ['2026-12-28', 'Boxing Day (substitute day), a bank holiday'],
  ['2027-03-26', 'Good Friday, a bank holiday'],
  ['2027-05-31', 'Spring bank holiday, a bank holiday'],
  ['2026-12-29', undefined],
  ['2027-01-04', undefined],
])('when the day is %s, then it is not a working day because it is %j', (day, why) => {
  expect(notAWorkingDay(day)).toBe(why);
});

test('when a day is a weekend or bank holiday, then the next working day is the first weekday that is not one', () => {
  expect(nextWorkingDay('2026-12-25')).toBe('2026-12-29');
  expect(nextWorkingDay('2027-03-26')).toBe('2027-03-30');
  expect(nextWorkingDay('2026-12-01')).toBe('2026-12-01');
});

test('when a deadline falls on Christmas Day, then it falls due at the same London time on the next working day', () => {
  expect(onAWorkingDay(new Date('2026-12-25T09:00:00Z')).toISOString()).toBe('2026-12-29T09:00:00.000Z');
  // Summer time: 09:00 BST on a Saturday becomes 09:00 BST on Monday.
  expect(onAWorkingDay(new Date('2027-06-05T08:00:00Z')).toISOString()).toBe('2027-06-07T08:00:00.000Z');
  const tuesday = new Date('2026-12-01T15:30:00Z');
  expect(onAWorkingDay(tuesday)).toBe(tuesday);
});

test('when support starts six weeks before Boxing Day\'s weekend, then the 6-week review falls due at 09:00 on the next working day (U2)', () => {
  // 14 November 2026 + 42 days is Saturday 26 December; Monday 28 December is the substitute Boxing Day.
  expect(initialReviewDueAt('2026-11-14').toISOString()).toBe('2026-12-29T09:00:00.000Z');
});

test('when a call-back two days on would fall on a Saturday, then the person is promised the call by Monday at that time (T3, T4)', () => {
  expect(callBackDeadline(null, new Date('2026-12-03T14:00:00Z'), 'P2D').toISOString()).toBe('2026-12-07T14:00:00.000Z');
});

test('when a follow-up call on a Friday does not reach the person, then it is tried again at the same time on Monday (U1)', () => {
  expect(nextFollowUpCallAt(new Date('2026-12-04T10:15:00Z')).toISOString()).toBe('2026-12-07T10:15:00.000Z');
  expect(nextFollowUpCallAt(new Date('2026-12-01T10:15:00Z')).toISOString()).toBe('2026-12-02T10:15:00.000Z');
});
