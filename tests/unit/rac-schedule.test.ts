// The RAC meeting's time: set in London time, held by an engine timer that runs on UTC (A1).
import { meetingSchedule } from '../../src/domain/rac';

test('when the meeting is Tuesdays at 10:00 in London, then the timer fires at 09:00 and 10:00 UTC and only the London 10:00 opens it, in winter and in summer', () => {
  const s = meetingSchedule('0 0 10 * * TUE');
  expect(s.utcCycle).toBe('0 0 9,10 * * TUE');
  // 24 November 2026 is in GMT; 2 June 2026 in BST.
  expect([s.isMeetingTime(new Date('2026-11-24T09:00:00Z')), s.isMeetingTime(new Date('2026-11-24T10:00:05Z'))]).toEqual([false, true]);
  expect([s.isMeetingTime(new Date('2026-06-02T09:00:05Z')), s.isMeetingTime(new Date('2026-06-02T10:00:00Z'))]).toEqual([true, false]);
});

test('when the meeting time cannot be held by the timer, then configuration says how to write it', () => {
  for (const bad of ['0 0 0 * * TUE', '0 0 9-17 * * TUE', 'every tuesday', '0 0 10 * *']) {
    expect(() => meetingSchedule(bad)).toThrow(/seconds minutes hour day month weekday/);
  }
});
