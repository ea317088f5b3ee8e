// Day-based deadlines on the real engine across the clock changes: "N days later" keeps its London time of day when
// British Summer Time starts or ends in between (U1, U2, A3), whoever works the deadline out, a worker or the engine.
import request from 'supertest';
import { aContact, aContactByEmail } from '../support/contacts';
import { as, startHarness, type Harness } from '../support/harness';
import { referrals } from '../support/referrals';
import { onAWorkingDay } from '../../src/domain/working-days';

let h: Harness;
let r: ReturnType<typeof referrals>;
beforeAll(async () => {
  h = await startHarness();
  r = referrals(h);
});
afterAll(async () => {
  await h.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Noon UTC eight days before the next clock change in `month` (3: the clocks go forward on its last Sunday; 10: back)
 * that is still ahead of the engine's clock: a fortnight's deadline set then falls after the change.
 */
function beforeNextChange(month: 3 | 10, after: Date): Date {
  for (let year = after.getUTCFullYear(); ; year++) {
    const lastDay = new Date(Date.UTC(year, month, 0));
    const lastSunday = new Date(lastDay.getTime() - lastDay.getUTCDay() * DAY);
    // Noon on the Friday nine days before: a working day, and so is the Friday a fortnight on.
    const at = new Date(lastSunday.getTime() - 9 * DAY + 12 * HOUR);
    if (at > after) return at;
  }
}

/** Moves the engine's clock forward to `at`. */
const moveTo = async (at: Date) => h.moveClock(at.getTime() - (await h.deps.engineNow()).getTime());

/** A contact asking to hear by e-mail, not urgent (low risk: followed up within 14 days), triaged to information and advice. */
async function adviceGiven(): Promise<string> {
  const res = await request(h.app).post('/api/contacts').set(await as('intake'))
    .send(aContact({ person: { ...aContact().person, preferredContactMethod: 'email', email: 'margaret@example.org' } })).expect(201);
  const { id, processInstanceKey } = res.body as { id: string; processInstanceKey: string };
  await h.triage(id, 'information-and-advice');
  await h.jobCompleted(processInstanceKey, 'record-information-and-advice');
  return processInstanceKey;
}

/** `expected` give or take the few seconds the journey takes to reach the timer after the clock was moved. */
const near = (actual: Date, expected: Date) => {
  expect(actual.getTime()).toBeGreaterThanOrEqual(expected.getTime());
  expect(actual.getTime() - expected.getTime()).toBeLessThan(3 * MINUTE);
};

test('when support starts on 20 September 2027, then the 6-week review falls due at 09:00 London time on 1 November 2027, although Summer Time ended between (U2)', async () => {
  const { contactId, referralId } = await r.waiting({}, aContactByEmail());
  const meeting = await r.toNextMeeting();
  expect((await r.decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
  const assessment = await h.inboxTask('practitioner', contactId, 'Carry out the assessment');
  await h.claimAndComplete('practitioner', assessment.key, { eligibleNeeds: true, supportArranged: true, supportStartsOn: '2027-09-20', notes: 'Home care.' });
  // 09:00 GMT is 09:00 in London in November; adding 42 days of 24 hours to 09:00 BST gave 08:00.
  expect((await r.timerDue(contactId, 'SixWeeksOn')).toISOString()).toBe('2027-11-01T09:00:00.000Z');
});

test('when advice is given at noon a week before the clocks go forward, then the 14-day follow-up falls due at noon London time, 13 days and 23 hours on (U1)', async () => {
  const at = beforeNextChange(3, await h.deps.engineNow());
  await moveTo(at);
  const journey = await adviceGiven();
  // Noon GMT then; noon BST (11:00 UTC) a fortnight later.
  near(await h.timerDue(journey, 'FollowUpDue'), onAWorkingDay(new Date(at.getTime() + 14 * DAY - HOUR)));
});

test('when advice is given a week before the clocks go back, then the 14-day follow-up keeps its London time, 14 days and 1 hour on; the engine\'s own weekly check on a waiting referral does the same (U1, A3)', async () => {
  const at = beforeNextChange(10, await h.deps.engineNow());
  await moveTo(at);
  const journey = await adviceGiven();
  // 13:00 BST then (12:00 UTC); 13:00 GMT a fortnight later.
  near(await h.timerDue(journey, 'FollowUpDue'), onAWorkingDay(new Date(at.getTime() + 14 * DAY + HOUR)));

  // R/P7D on the referral journey, from the Monday before the change: the engine adds days on the calendar of its
  // zone, London.
  await moveTo(new Date(at.getTime() + 3 * DAY));
  const waitingSince = await h.deps.engineNow();
  const { contactId } = await r.waiting({});
  near(await r.timerDue(contactId, 'EveryWeekWhileWaiting'), new Date(waitingSince.getTime() + 7 * DAY + HOUR));
});

