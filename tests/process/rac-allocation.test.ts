// Journey 4 on the real engine: the weekly RAC meeting opens at its time in London (A1), works from an agenda in priority
// order that a change of risk re-orders (A2, A3) with suggested workers (A5); its decisions carry each referral on (A1),
// the person is told who leads their assessment (A6); people waiting are checked on weekly and urgent needs met (A4, A7).
import request from 'supertest';
import { z } from 'zod';
import { as, eventually, startHarness, type Harness } from '../support/harness';
import { aContact, aContactByEmail, aContactByPhone } from '../support/contacts';
import { nextMeetingTime, referrals } from '../support/referrals';

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
const byEmail = aContactByEmail();
const byPhone = aContactByPhone();
const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const latestMeeting = () => r.latestMeeting();
const agendaIds = async () => ((await request(h.app).get('/api/rac/agenda').query({ pageSize: 500 }).set(await as('panel')).expect(200)).body.items as { referralId: string }[]).map((i) => i.referralId);

const toNextMeeting = () => r.toNextMeeting();
const decide = (meetingId: string, body: object, person: 'panel' | 'manager' = 'panel') => r.decide(meetingId, body, person);

test('when the clock reaches Tuesday 10:00 in London, then the meeting opens, not a minute before; its agenda is in priority order and a change of risk re-orders it (A1, A2, A3)', async () => {
  const low = await r.waiting({ risk: 'low', need: 'low' });
  const medium = await r.waiting({});
  const order = async () => (await agendaIds()).filter((id) => id === low.referralId || id === medium.referralId);
  expect(await order()).toEqual([medium.referralId, low.referralId]);

  // The person's situation changes while they wait: the referral is re-prioritised at once, and the agenda with it.
  await request(h.app).patch(`/api/referrals/${low.referralId}`).set(await as('practitioner')).send({ facts: { risk: 'high', need: 'high', urgent: true } }).expect(200);
  await eventually(async () => (await order())[0] === low.referralId, 'the agenda to re-order');
  expect((await r.getReferral(low.referralId)).priority).toMatchObject({ band: 'high' });

  // The meeting's timer: nothing at a minute to ten, the meeting at a minute past.
  const before = await latestMeeting();
  const meetingTime = nextMeetingTime(await h.deps.engineNow());
  await h.moveClock(meetingTime.getTime() - MINUTE - (await h.deps.engineNow()).getTime());
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect((await latestMeeting())?.id).toBe(before?.id);
  await h.moveClock(2 * MINUTE);
  const meeting = await eventually(async () => {
    const m = await latestMeeting();
    return m && m.id !== before?.id ? m : undefined;
  }, 'the meeting to open');
  expect(new Date(meeting.openedAt).getTime()).toBeGreaterThanOrEqual(meetingTime.getTime());
  expect(LONDON.format(new Date(meeting.openedAt))).toMatch(/^Tue 10:0[0-4]$/);
  expect(meeting).toMatchObject({ late: false, dueAt: meetingTime.toISOString() });
  const panelTasks = await eventually(async () => {
    const res = await request(h.app).get('/api/tasks').query({ state: 'created' }).set(await as('panel')).expect(200);
    return (res.body.tasks as { name: string; processInstanceKey: string }[]).find((t) => t.name === 'Hold the RAC meeting' && t.processInstanceKey === meeting.id);
  }, 'the panel\'s task');
  expect(panelTasks).toBeDefined();
  const agenda = (await request(h.app).get('/api/rac/agenda').set(await as('practitioner')).expect(200)).body;
  expect(agenda.meeting).toMatchObject({ id: meeting.id });
});

test('when the panel allocates a referral, then the worker is told, the person hears who leads their assessment, and it is on their record; only the panel decides (A1, A5, A6, C12)', async () => {
  const { contactId, referralId } = await r.waiting({ skillsNeeded: ['dementia'], carerShowingNeeds: true }, byEmail);
  const onThePhone = await r.waiting({}, byPhone);
  const meeting = await toNextMeeting();

  // A5: skills for the function and the person's needs first: Sam has assessment, dementia and carers.
  const item = await eventually(async () => {
    const res = await request(h.app).get('/api/rac/agenda').query({ pageSize: 500 }).set(await as('panel')).expect(200);
    return (res.body.items as { referralId: string; suggestions: { worker: string; skillsMatched: string[]; available: boolean }[] }[]).find((i) => i.referralId === referralId);
  }, 'the referral on the agenda');
  expect(item.suggestions.map((s) => s.worker)).toEqual(['sam.okafor', 'pat.practitioner', 'olu.adeyemi']);
  expect(item.suggestions[0]).toMatchObject({ skillsMatched: ['dementia', 'carers'] });

  // A1: a team manager may not decide; malformed decisions name their fields.
  expect((await decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' }, 'manager')).status).toBe(403);
  const bad = (await decide(meeting.id, { referralId, decision: 'close', reason: 'bored' })).body;
  expect(bad.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/reason']);
  expect((await decide(meeting.id, { referralId, decision: 'allocate', worker: 'nobody.here' })).status).toBe(400);

  // The panel overrides the suggestion: Sam is away, so Pat.
  const decided = await decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' });
  expect(decided.status).toBe(201);
  expect(decided.body).toMatchObject({ decision: 'allocate', worker: 'pat.practitioner', team: 'community-solutions-north', followedSuggestion: false, decidedBy: 'rita.chair' });
  // Asked again, the same answer; another decision on it at this meeting is refused.
  expect((await decide(meeting.id, { referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
  expect((await decide(meeting.id, { referralId, decision: 'close', reason: 'duplicate-referral' })).status).toBe(409);

  // A6: the person is told their coordinator's name, signed by them; the worker is told; the record names them.
  const told = await eventually(() => Promise.resolve(h.notify.notifications.find((n) => n.reference === `${referralId}:coordinator`)), 'the person to be told');
  expect(told.personalisation).toMatchObject({ coordinator: 'Pat Practitioner', signed_by_name: 'Pat Practitioner' });
  await eventually(async () => (await r.getReferral(referralId)).status === 'allocated', 'the allocation');
  const contact = await eventually(async () => {
    const res = await request(h.app).get(`/api/contacts/${contactId}`).query({ purpose: 'Checking the test case' }).set(await as('advisor')).expect(200);
    return res.body.leadPractitioner === 'Pat Practitioner' ? res.body : undefined;
  }, 'the lead practitioner on the record');
  expect(contact.journey).toMatch(/Allocated at the RAC meeting to Pat Practitioner/);
  const inbox = (await request(h.app).get('/api/messages/inbox').set(await as('practitioner')).expect(200)).body;
  expect(JSON.stringify(inbox)).toContain('The RAC meeting has allocated you an assessment');
  const allocation = (await request(h.app).get('/api/directory/people/4010232137/allocation').set(await as('manager')).expect(200)).body;
  expect(allocation).toMatchObject({ allocatedWorker: 'pat.practitioner', assessmentTeam: 'community-solutions-north' });
  // It is no longer waiting, so no meeting can decide it again.
  expect(await agendaIds()).not.toContain(referralId);

  // Someone who asked for the phone hears it from the worker, who is given the task.
  expect((await decide(meeting.id, { referralId: onThePhone.referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(201);
  await h.inboxTask('practitioner', onThePhone.contactId, 'Tell the person who will lead their assessment');
});

test('when the panel defers one referral, saying why, and closes another, then the first still waits for the next meeting and the second ends with its reason; a deferral without why is refused (A1)', async () => {
  const deferred = await r.waiting({});
  const closed = await r.waiting({});
  const meeting = await toNextMeeting();
  // A deferral leaves the person waiting another week: the panel says why, or nothing is recorded.
  const unexplained = await decide(meeting.id, { referralId: deferred.referralId, decision: 'defer' });
  expect(unexplained.status).toBe(400);
  expect(unexplained.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['#/note']);
  expect((await h.deps.rac.decisionsOf(meeting.id)).find((d) => d.referralId === deferred.referralId)).toBeUndefined();
  expect((await decide(meeting.id, { referralId: deferred.referralId, decision: 'defer', note: 'More from the GP first.' })).status).toBe(201);
  expect((await decide(meeting.id, { referralId: closed.referralId, decision: 'close', reason: 'needs-met-elsewhere' })).status).toBe(201);
  await eventually(async () => (await r.getReferral(closed.referralId)).status === 'closed', 'the closure');
  expect((await r.getReferral(closed.referralId)).closedReason).toBe('needs-met-elsewhere');
  expect(await r.statusOf(deferred.referralId, 'waiting-for-allocation')).toBe(true);
  expect(await agendaIds()).toContain(deferred.referralId);
  // Decided at this meeting, so not again at it; a closed referral cannot be decided at all.
  expect((await decide(meeting.id, { referralId: deferred.referralId, decision: 'allocate', worker: 'pat.practitioner' })).status).toBe(409);
  const record = (await request(h.app).get(`/api/rac/meetings/${meeting.id}`).set(await as('manager')).expect(200)).body;
  expect(record.decisions.map((d: { decision: string }) => d.decision).sort()).toEqual(['close', 'defer']);
  await request(h.app).get('/api/rac/meetings/999').set(await as('manager')).expect(404);
});

test('when someone has waited a week, then a practitioner checks on them, not a minute sooner; urgent needs without support go to a manager, and the funding decision is sent by letter after a call (A3, A4, A7)', async () => {
  const { contactId, referralId } = await r.waiting({}, byPhone);
  const weekOn = await r.timerDue(contactId, 'EveryWeekWhileWaiting');
  await h.moveClock(weekOn.getTime() - MINUTE - (await h.deps.engineNow()).getTime());
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(await h.openTasks('practitioner', contactId, 'Check on the person while they wait')).toEqual([]);
  await h.moveClock(2 * MINUTE);
  const check = await h.inboxTask('practitioner', contactId, 'Check on the person while they wait');
  await h.claimAndComplete('practitioner', check.key, { supportInPlace: false, urgentNeeds: true, notes: 'Her son is in hospital; nobody can help her wash.' });
  await eventually(async () => (await request(h.app).get('/api/rac/waiting-list').query({ pageSize: 500 }).set(await as('panel')).expect(200)).body
    .waiting.find((w: { referralId: string; lastRecheckedAt: string | null }) => w.referralId === referralId && w.lastRecheckedAt), 'the check on the waiting list');

  const urgent = await h.inboxTask('manager', contactId, 'Decide on urgent support');
  await h.claimAndComplete('manager', urgent.key, {
    supportProvided: 'Two home care visits a day for personal care.', councilContribution: 'The full cost for four weeks.', personContribution: 'None until a financial assessment.',
    duration: 'Four weeks, or until the assessment.', howReviewed: 'The allocated worker rings weekly.', outcomes: 'She is washed and dressed safely every day.',
    fundingDecision: 'agreed', rationale: 'No support in place and a risk of harm; the visits meet the need now.', informationAndAdvice: 'Age UK can help with shopping.',
    nextSteps: 'The RAC meeting will allocate her assessment; she will hear within two weeks.', toldBy: 'phone',
  });
  const letter = await eventually(() => Promise.resolve(h.notify.notifications.find((n) => n.reference === `${referralId}:funding-decision`)), 'the funding decision letter');
  expect(letter.type).toBe('letter');
  expect(letter.personalisation).toMatchObject({ confirming: 'This letter confirms what we told you by phone.', howToComplain: expect.stringContaining('complain') });
  await eventually(async () => (await h.contacts.find(contactId))?.history.some((e) => e.stage === 'funding-decision-sent'), 'the record of it');
});

test('when the funding decision cannot be sent as it is (large print by post), then a team manager is asked to send it another way (A7, G2)', async () => {
  const { contactId, referralId } = await r.waiting({}, aContact());
  const weekOn = await r.timerDue(contactId, 'EveryWeekWhileWaiting');
  await h.moveClock(weekOn.getTime() + MINUTE - (await h.deps.engineNow()).getTime());
  const check = await h.inboxTask('practitioner', contactId, 'Check on the person while they wait');
  await h.claimAndComplete('practitioner', check.key, { supportInPlace: false, urgentNeeds: true, notes: 'No one to help her wash.' });
  const urgent = await h.inboxTask('manager', contactId, 'Decide on urgent support');
  await h.claimAndComplete('manager', urgent.key, {
    supportProvided: 'Two home care visits a day.', councilContribution: 'The full cost for four weeks.', personContribution: 'None until a financial assessment.',
    duration: 'Four weeks.', howReviewed: 'Weekly calls.', outcomes: 'Washed and dressed safely.', fundingDecision: 'agreed', rationale: 'A risk of harm now.',
    informationAndAdvice: 'Age UK can help.', nextSteps: 'The RAC meeting will allocate her assessment.', toldBy: 'phone',
  });
  await h.inboxTask('manager', contactId, 'Send the funding decision another way');
  expect(h.notify.notifications.find((n) => n.reference === `${referralId}:funding-decision`)).toBeUndefined();
  const view = (await request(h.app).get(`/api/contacts/${contactId}`).query({ purpose: 'Checking the test case' }).set(await as('manager')).expect(200)).body;
  expect(view.journey).toMatch(/could not be sent by letter as it was/);
});

// A1 and seed 001 §2 ("allocation should take place in a timely way"): a meeting time that passes while the engine is
// down is not skipped. The engine fires an overdue timer once when it runs again, however many meeting times it missed;
// that one meeting sits at once, takes everyone then waiting, and its record says it opened late, when it was due, and
// which earlier meeting times passed without a meeting, so the panel and team managers can see what happened.
const DAY = 24 * 60 * MINUTE;
const meetingTimer = z.array(z.object({ dueDate: z.string().nullable() }));
const nextTimer = async () => new Date((await h.engine.get('/job', meetingTimer, { query: { timers: true, processDefinitionKey: 'rac-meeting' } }))[0]?.dueDate ?? NaN);
type MeetingRecord = { id: string; openedAt: string; dueAt: string; late: boolean; missed: string[]; waitingAtOpening: number };
/** Moves the engine's clock to `to`, as if the engine had been down until then, and returns the meeting that opened. */
const downUntil = async (to: Date): Promise<MeetingRecord> => {
  const before = await latestMeeting();
  await h.moveClock(to.getTime() - (await h.deps.engineNow()).getTime());
  const opened = await eventually(async () => {
    const m = await latestMeeting();
    return m && m.id !== before?.id ? m : undefined;
  }, 'the late meeting to open');
  return (await request(h.app).get(`/api/rac/meetings/${opened.id}`).set(await as('manager')).expect(200)).body as MeetingRecord;
};

test('when the engine clock reaches Tuesday 10:45 in London with a referral waiting, as if the engine was down at 10:00, then that meeting opens at once, marked late and due at 10:00, and the next is the Tuesday after (A1)', async () => {
  const { referralId } = await r.waiting({});
  const due = nextMeetingTime(await h.deps.engineNow());
  const meeting = await downUntil(new Date(due.getTime() + 45 * MINUTE));
  expect(LONDON.format(new Date(meeting.openedAt))).toBe('Tue 10:45');
  expect(meeting).toMatchObject({ late: true, dueAt: due.toISOString(), missed: [] });
  expect(meeting.waitingAtOpening).toBeGreaterThanOrEqual(1);
  expect(await agendaIds()).toContain(referralId);
  const agenda = (await request(h.app).get('/api/rac/agenda').set(await as('panel')).expect(200)).body;
  expect(agenda.meeting).toMatchObject({ id: meeting.id, late: true, dueAt: due.toISOString() });
  expect((await nextTimer()).toISOString()).toBe(nextMeetingTime(new Date(due.getTime() + DAY)).toISOString());
});

test('when the engine was down for the whole of Tuesday and runs again on Wednesday at 09:00, then Tuesday\'s meeting opens then, late, rather than a week later (A1)', async () => {
  const due = nextMeetingTime(await h.deps.engineNow());
  const meeting = await downUntil(new Date(due.getTime() + DAY - 60 * MINUTE));
  expect(LONDON.format(new Date(meeting.openedAt))).toBe('Wed 09:00');
  expect(meeting).toMatchObject({ late: true, dueAt: due.toISOString(), missed: [] });
});

test('when the engine was down over two Tuesdays, then one meeting opens when it runs again, due at the second, and its record names the first as a meeting that did not sit (A1)', async () => {
  const first = nextMeetingTime(await h.deps.engineNow());
  const second = nextMeetingTime(first);
  const previous = await latestMeeting();
  const meeting = await downUntil(new Date(second.getTime() + DAY - 60 * MINUTE));
  expect(meeting).toMatchObject({ late: true, dueAt: second.toISOString(), missed: [first.toISOString()] });
  // One meeting, not two back to back: it takes everyone waiting.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const meetings = (await request(h.app).get('/api/rac/meetings').set(await as('panel')).expect(200)).body.meetings as { id: string }[];
  expect(meetings.slice(0, 2).map((m) => m.id)).toEqual([meeting.id, previous?.id]);
});
