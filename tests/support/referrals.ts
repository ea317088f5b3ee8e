// Drives a contact to a referral and the referral to the waiting list, through the API and the tasks, as staff would.
import request from 'supertest';
import { z } from 'zod';
import type { NewContactInput } from '../../src/domain/contact';
import { aContact } from './contacts';
import { as, eventually, type Harness } from './harness';

/**
 * The items a triage by the person themselves leaves to gather (most of 1, and 5, 8, 9 and 10 come from the contact):
 * the parts of 1 a contact does not hold are answered "none" and "not known".
 */
export const THE_REST = {
  personalDetails: { preferredName: { none: true }, nationalInsuranceNumber: { notKnown: true, reason: 'She does not have her card to hand.' } },
  optionsConsidered: 'Her son helps at weekends; a neighbour shops.',
  substantialDifficulty: { likely: false, advocateConsidered: true },
  careAndSupportServices: 'None.',
  peopleToInvolve: 'Her son, Paul.',
  otherInformation: 'None.',
};

const MINUTE = 60_000;
const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The next Tuesday 10:00 in London after `after`, as an instant: when the RAC meeting sits. */
export function nextMeetingTime(after: Date): Date {
  for (let day = 0; day <= 8; day++) {
    const date = new Date(after.getTime() + day * 24 * 60 * MINUTE).toISOString().slice(0, 10);
    for (const utcHour of ['09', '10']) {
      const at = new Date(`${date}T${utcHour}:00:00Z`);
      if (at > after && LONDON.format(at) === 'Tue 10:00') return at;
    }
  }
  throw new Error(`No Tuesday 10:00 in London within a week of ${after.toISOString()}`);
}

const journeys = z.array(z.object({ id: z.string() }));
const timerJobs = z.array(z.object({ dueDate: z.string().nullable() }));
const jobLog = z.array(z.object({ id: z.string() }));

export function referrals(h: Harness) {
  const latestMeeting = async () =>
    ((await request(h.app).get('/api/rac/meetings').set(await as('panel')).expect(200)).body.meetings[0] ?? null) as { id: string; openedAt: string; dueAt: string; late: boolean } | null;
  /** Moves the engine's clock to a minute past the next meeting time and returns the meeting that opened then. */
  async function toNextMeeting(): Promise<{ id: string; openedAt: string }> {
    const before = await latestMeeting();
    const now = await h.deps.engineNow();
    await h.moveClock(nextMeetingTime(now).getTime() + MINUTE - now.getTime());
    return eventually(async () => {
      const m = await latestMeeting();
      return m && m.id !== before?.id ? m : undefined;
    }, 'the meeting to open');
  }
  const decide = async (meetingId: string, body: object, person: 'panel' | 'manager' = 'panel') =>
    request(h.app).post(`/api/rac/meetings/${meetingId}/decisions`).set(await as(person)).send(body);

  const getReferral = async (id: string) => (await request(h.app).get(`/api/referrals/${id}`).set(await as('practitioner')).expect(200)).body;
  const statusOf = async (id: string, status: string) => (await getReferral(id)).status === status;
  /** A contact triaged by an advisor to a referral for assessment. */
  async function referred(contact: NewContactInput = aContact()): Promise<{ contactId: string; referralId: string }> {
    const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
    const contactId = (res.body as { id: string }).id;
    await h.triage(contactId, 'referral-for-assessment');
    const passedOn = await eventually(async () => (await h.contacts.find(contactId))?.history.find((e) => e.stage === 'passed-on'), 'the referral');
    return { contactId, referralId: String(passedOn.detail.referralId) };
  }
  /** Fills in what the task asks for through the referral API and completes the task; returns the task's key. */
  async function gather(contactId: string, referralId: string, change: object): Promise<string> {
    const task = await h.inboxTask('practitioner', contactId, 'Gather the missing information');
    await request(h.app).patch(`/api/referrals/${referralId}`).set(await as('practitioner')).send(change).expect(200);
    await h.claimAndComplete('practitioner', task.key, { gathered: 'Rang her son.' });
    return task.key;
  }
  /** A complete referral, resident here, with these facts, on the waiting list. */
  async function waiting(facts: object = {}, contact?: NewContactInput): Promise<{ contactId: string; referralId: string }> {
    const r = await referred(contact);
    await gather(r.contactId, r.referralId, { items: THE_REST, facts: { ordinaryResidence: 'resident', ...facts } });
    await eventually(() => statusOf(r.referralId, 'waiting-for-allocation'), 'the waiting list');
    return r;
  }
  /** The ids of the case's journeys, running or all (every journey of a case, called ones too, has the case id as its business key). */
  const journeysOf = async (caseId: string, running = false, processDefinitionKey?: string) =>
    (await h.engine.get(running ? '/process-instance' : '/history/process-instance', journeys, {
      query: { [running ? 'businessKey' : 'processInstanceBusinessKey']: caseId, processDefinitionKey },
    })).map((j) => j.id);
  /** When a timer of this element on one of the case's journeys falls due, once the engine has set it: move the clock only then. */
  const timerDue = (caseId: string, elementId: string) =>
    eventually(async () => {
      const dues: Date[] = [];
      for (const id of await journeysOf(caseId, true)) {
        const jobs = await h.engine.get('/job', timerJobs, { query: { timers: true, processInstanceId: id, activityId: elementId } });
        for (const j of jobs) if (j.dueDate) dues.push(new Date(j.dueDate));
      }
      return dues.sort((a, b) => a.getTime() - b.getTime())[0];
    }, `the ${elementId} timer`);
  /**
   * How often the engine's job log says a timer of this element on the case's journeys fired ('success'), or was
   * removed unfired because its step ended ('deletion').
   */
  const timerLog = async (caseId: string, elementId: string, kind: 'success' | 'deletion') => {
    let n = 0;
    for (const id of await journeysOf(caseId)) {
      n += (await h.engine.get('/history/job-log', jobLog, { query: { processInstanceId: id, activityIdIn: elementId, [`${kind}Log`]: true } })).length;
    }
    return n;
  };
  return { getReferral, statusOf, referred, gather, waiting, latestMeeting, toNextMeeting, decide, journeysOf, timerDue, timerLog };
}
