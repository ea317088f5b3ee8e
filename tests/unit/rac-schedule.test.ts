// The RAC meeting's time: set in London time and held by an engine timer that keeps London time (A1).
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MEETING, meetingSchedule } from '../../src/domain/rac';
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
