// How the staff app writes a moment: the GOV.UK style, in London's time through the clock changes.
import { ukDateTime } from '../../src/web/format';

test.each([
  ['2027-03-01T14:30:00Z', '1 March 2027, 2:30pm'],
  ['2027-03-01T14:00:00Z', '1 March 2027, 2pm'],
  ['2027-03-01T09:05:00Z', '1 March 2027, 9:05am'],
  ['2027-03-01T12:00:00Z', '1 March 2027, midday'],
  ['2027-03-01T00:00:00Z', '1 March 2027, midnight'],
  ['2027-03-01T00:30:00Z', '1 March 2027, 12:30am'],
  // British Summer Time: 13:30 UTC is 2:30pm in London.
  ['2027-07-15T13:30:00Z', '15 July 2027, 2:30pm'],
  ['2027-10-30T23:30:00Z', '31 October 2027, 12:30am'],
])('when a moment is %s, then staff read "%s"', (at, words) => {
  expect(ukDateTime(new Date(at))).toBe(words);
});
