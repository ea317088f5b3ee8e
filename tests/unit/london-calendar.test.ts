// Day-based deadlines on the London calendar: N days later keeps the London time of day across the clock changes.
import { addDays, addDuration, atLondonTime, londonDay } from '../../src/domain/london-calendar';

const at = (iso: string) => new Date(iso);

test('when support starts on 20 September 2027, then 42 days later at 09:00 in London is 09:00 GMT on 1 November, after Summer Time ended', () => {
  expect(atLondonTime(addDays('2027-09-20', 42), 9)).toEqual(at('2027-11-01T09:00:00Z'));
  expect(atLondonTime('2027-09-20', 9)).toEqual(at('2027-09-20T08:00:00Z'));
});

test.each([
  // October 2027: the clocks go back on Sunday 31 October.
  ['P14D from 15:37 BST', '2027-10-20T14:37:00Z', 'P14D', '2027-11-03T15:37:00Z'],
  ['P1D over the October change', '2027-10-30T09:00:00Z', 'P1D', '2027-10-31T10:00:00Z'],
  ['P2D over the October change', '2027-10-30T11:00:00Z', 'P2D', '2027-11-01T12:00:00Z'],
  // March 2027: the clocks go forward on Sunday 28 March.
  ['P14D from 10:00 GMT', '2027-03-20T10:00:00Z', 'P14D', '2027-04-03T09:00:00Z'],
  ['P1W over the March change', '2027-03-25T12:00:00Z', 'P1W', '2027-04-01T11:00:00Z'],
  ['P1D over the March change', '2027-03-27T09:00:00Z', 'P1D', '2027-03-28T08:00:00Z'],
  // Hours are elapsed time, days keep the wall clock.
  ['PT4H over the March change', '2027-03-28T00:00:00Z', 'PT4H', '2027-03-28T04:00:00Z'],
  ['PT24H over the October change', '2027-10-30T09:00:00Z', 'PT24H', '2027-10-31T09:00:00Z'],
  ['P1DT12H over the October change', '2027-10-30T09:00:00Z', 'P1DT12H', '2027-10-31T22:00:00Z'],
  ['P2D in winter', '2026-12-01T10:00:00Z', 'P2D', '2026-12-03T10:00:00Z'],
])('when %s is added, then it falls at the same London time on the London calendar day', (_what, from, duration, due) => {
  expect(addDuration(at(from), duration)).toEqual(at(due));
});

test('when a London day is asked for, then it is the day in London, not in UTC', () => {
  expect(londonDay(at('2027-06-30T23:30:00Z'))).toBe('2027-07-01');
  expect(londonDay(at('2027-12-31T23:30:00Z'))).toBe('2027-12-31');
  expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
});

test('when 01:30 is asked for on the day the clocks go forward, then it is the first time after the skipped hour', () => {
  expect(atLondonTime('2027-03-28', 1, 30)).toEqual(at('2027-03-28T01:30:00Z'));
});

test('when a day, a time or a duration is not one, then it is refused rather than rolled over', () => {
  for (const day of ['2027-02-29', '2027-13-01', '20270301', '2027-03-01T09:00']) expect(() => atLondonTime(day, 9)).toThrow(/not a calendar date/);
  expect(() => atLondonTime('2027-03-01', 24)).toThrow(/not a time of day/);
  for (const d of ['14 days', 'P', '-P1D', 'PT']) expect(() => addDuration(at('2027-03-01T09:00:00Z'), d)).toThrow(/not an ISO 8601 duration/);
});
