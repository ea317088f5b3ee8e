// The RAC meeting's time: set in London time and held by an engine timer that keeps London time (A1).
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MEETING, meetingSchedule, meetingTimes } from '../../src/domain/rac';
import { PROCESSES_DIR, withMeetingCycle } from '../../src/engine/deploy';

test('when the meeting is Tuesdays at 10:00 in London, then the timer\'s cycle is that time as it is: the engine keeps London time, in winter and in summer', () => {
  expect(meetingSchedule(DEFAULT_MEETING).cycle).toBe('0 0 10 * * TUE');
  expect(meetingSchedule(' 0 30 9  ? * MON ').cycle).toBe('0 30 9 ? * MON');
});

test('when the models are deployed, then the meeting\'s timer carries the configured cycle and nothing else changes', () => {
  const model = fs.readFileSync(path.join(PROCESSES_DIR, 'rac-meeting.bpmn'), 'utf8');
  const deployed = withMeetingCycle(model, meetingSchedule('0 0 14 ? * WED').cycle);
  const cycles = [...deployed.matchAll(/<bpmn:timeCycle[^>]*>([^<]*)<\/bpmn:timeCycle>/g)].map((m) => m[1]);
  expect(cycles).toEqual(['0 0 14 ? * WED']);
  expect(deployed.replace('0 0 14 ? * WED', '')).toBe(model.replace(/(<bpmn:timeCycle[^>]*>)[^<]*/, '$1'));
  // The other models have their own cycles (R/P7D, R/P2D), which stay as they are.
  const referral = fs.readFileSync(path.join(PROCESSES_DIR, 'referral-for-assessment.bpmn'), 'utf8');
  expect(withMeetingCycle(referral, '0 0 14 ? * WED')).toBe(referral);
});

test('when the meeting time cannot be held by the timer, then configuration says how to write it', () => {
  for (const bad of ['0 0 24 * * TUE', '0 60 10 * * TUE', '0 0 9-17 * * TUE', 'every tuesday', '0 0 10 * *', '0 0 10 * * TUE <x/>']) {
    expect(() => meetingSchedule(bad)).toThrow(/seconds minutes hour day month weekday/);
  }
});

// A1, seed 001 §2: a meeting the engine fired late opens then, and its record says when it was due and what it missed.
const TUESDAYS = meetingSchedule(DEFAULT_MEETING).cycle;
const at = (iso: string) => new Date(iso);

test.each([
  ['on the hour in winter', '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z', false],
  ['a few seconds after, in summer (10:00 BST is 09:00 UTC)', '2027-06-01T09:00:04.000Z', '2027-06-01T09:00:00.000Z', false],
  ['45 minutes after', '2026-12-01T10:45:00.000Z', '2026-12-01T10:00:00.000Z', true],
  ['on the Wednesday', '2026-12-02T09:00:00.000Z', '2026-12-01T10:00:00.000Z', true],
  ['on the Tuesday after the clocks went forward, due at 10:00 BST', '2027-03-30T09:10:00.000Z', '2027-03-30T09:00:00.000Z', true],
])('when the meeting opens %s, then it was due at the last Tuesday 10:00 in London and is late only when minutes late', (_when, opened, due, late) => {
  expect(meetingTimes(TUESDAYS, at(opened))).toEqual({ dueAt: at(due), late, missed: [] });
});

test('when the engine was down over two Tuesdays, then the meeting that opens is due at the second and names the first as missed; the previous meeting\'s own time is not missed', () => {
  const times = meetingTimes(TUESDAYS, at('2026-12-16T09:00:00Z'), at('2026-12-01T10:00:00Z'));
  expect(times).toEqual({ dueAt: at('2026-12-15T10:00:00Z'), late: true, missed: [at('2026-12-08T10:00:00Z')] });
  // A meeting on time the week after the last one missed nothing.
  expect(meetingTimes(TUESDAYS, at('2026-12-08T10:00:01Z'), at('2026-12-01T10:00:00Z')).missed).toEqual([]);
});
