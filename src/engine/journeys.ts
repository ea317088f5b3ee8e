// Starts journeys and hands them messages on Operaton. Every journey of a person's case carries the case id (the contact
// id) as its business key. An unreachable engine becomes an error the API can answer with 503.
import { z } from 'zod';
import type { AdvocacyEngine } from '../domain/advocacy';
import type { JourneyEngine } from '../domain/contacts';
import type { RacEngine } from '../domain/rac';
import type { RetentionEngine } from '../domain/retention';
import type { ReferralEngine } from '../domain/referrals';
import type { ReviewEngine } from '../domain/reviews';
import { AppError } from '../errors';
import { dateTime, isMismatchingCorrelation, isOptimisticLocking, toTypedVariables, type EngineClient, type EngineRefusal } from './operaton';

const started = z.object({ id: z.string() }).passthrough();

export function createJourneyEngine(engine: EngineClient, send: Messenger = createMessenger(engine)): JourneyEngine {
  return {
    async startReceivingAContact(facts) {
      const res = await engine.post('/process-definition/key/receiving-a-contact/start', {
        businessKey: facts.contactId,
        variables: toTypedVariables(facts),
      }, started, { consequence: 'The contact was not recorded' });
      return { processInstanceKey: res.id };
    },
    // A triage already done has nothing to lower: the evidence is on the case all the same.
    shownNotUrgent: (contactId) => send({
      name: 'contact-not-urgent', correlationKeys: { contactId }, variables: { urgent: false },
      ifNobodyWaits: 'drop', consequence: 'The evidence was recorded but the triage was not lowered',
    }),
  };
}

/** How long a message that must arrive keeps trying while nothing waits for it yet (Zeebe buffered such messages). */
export interface Patience {
  /** Pauses between tries, in ms; their sum is how long a journey a moment from waiting is given. */
  backOffMs: number[];
}

export const DEFAULT_PATIENCE: Patience = { backOffMs: [100, 200, 400, 800, 1600, 2000] };

interface Message {
  name: string;
  /** Process variables that pick the journey waiting for it, e.g. { referralId }. */
  correlationKeys?: Record<string, string>;
  /** For a message that starts a journey: the case id it belongs to. */
  businessKey?: string;
  variables?: Record<string, unknown>;
  /**
   * Makes it idempotent: the journey keeps this id in a variable named after the message (referralMadeMessageId …),
   * and a message whose id a journey already holds is not sent again, as Zeebe refused a message id it had seen.
   */
  id?: string;
  /**
   * What nothing waiting for it means: 'wait' tries again with back-off (the journey may be a moment from waiting),
   * then fails; 'drop' is fine (a change nobody is waiting to hear of); 'wait-then-drop' tries, then lets it go.
   */
  ifNobodyWaits: 'wait' | 'drop' | 'wait-then-drop';
  /** For 'wait-then-drop': the process that receives it; with no running journey of it holding the keys, it is dropped at once. */
  receiver?: string;
  /** What did not happen, for the error a caller sees. */
  consequence: string;
}

/** No journey was waiting for a message it had to hear, after the back-off; a caller may try again. */
export class NobodyWaiting extends AppError {
  constructor(readonly messageName: string, consequence: string, waitedMs: number) {
    super(409, 'The journey is not ready for this', `${consequence}: no journey was waiting to hear it (${messageName}) after ${Math.round(waitedMs / 100) / 10} s. Try again shortly.`);
    this.name = 'NobodyWaiting';
  }
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** The variable a journey keeps a message's id in: referral-made → referralMadeMessageId. */
export const messageIdVariable = (messageName: string) => `${camel(messageName)}MessageId`;

const instances = z.array(z.object({ id: z.string() }).passthrough());

/** Sends one message; the guards and back-off around it make up for what Zeebe's message buffer did. */
export function createMessenger(engine: EngineClient, patience: Patience = DEFAULT_PATIENCE) {
  // Two sends of one message id from this service at once would both pass the check below: one at a time per id.
  const inFlight = new Map<string, Promise<void>>();

  async function alreadyDelivered(m: Message & { id: string }): Promise<boolean> {
    const found = await engine.post('/history/process-instance', {
      variables: [{ name: messageIdVariable(m.name), operator: 'eq', value: m.id }],
      ...(m.businessKey ? { processInstanceBusinessKey: m.businessKey } : {}),
    }, instances, { consequence: m.consequence, query: { maxResults: 1 } });
    return found.length > 0;
  }

  /**
   * Hands the message over: 'delivered'; 'nobody' when no journey waits for it; 'busy' when the journey was changing
   * at that moment (a timer of the same journey firing): the engine refused it with an optimistic lock, and the same
   * message a moment later succeeds.
   */
  async function correlate(m: Message): Promise<'delivered' | 'nobody' | 'busy'> {
    try {
      await engine.send('POST', '/message', {
        messageName: m.name,
        ...(m.businessKey ? { businessKey: m.businessKey } : {}),
        ...(m.correlationKeys ? { correlationKeys: toTypedVariables(m.correlationKeys) } : {}),
        processVariables: toTypedVariables({ ...m.variables, ...(m.id ? { [messageIdVariable(m.name)]: m.id } : {}) }),
        // A change nobody waits for is fine: the engine answers 204 instead of refusing it.
        ...(m.ifNobodyWaits === 'drop' ? { all: true } : {}),
      }, { consequence: m.consequence });
      return 'delivered';
    } catch (err) {
      // Two journeys waiting for one message with the same keys is a fault in the models, not a moment too early.
      if (isMismatchingCorrelation(err) && !/single execution/i.test((err as EngineRefusal).engineMessage)) return 'nobody';
      if (isOptimisticLocking(err)) return 'busy';
      throw err;
    }
  }

  async function receiverRunning(m: Message): Promise<boolean> {
    if (!m.receiver || !m.correlationKeys) return true;
    const { count } = await engine.post('/process-instance/count', {
      processDefinitionKey: m.receiver,
      variables: Object.entries(m.correlationKeys).map(([name, value]) => ({ name, operator: 'eq', value })),
    }, z.object({ count: z.number() }), { consequence: m.consequence });
    return count > 0;
  }

  async function deliver(m: Message): Promise<void> {
    if (m.ifNobodyWaits === 'wait-then-drop' && !(await receiverRunning(m))) return;
    let waited = 0;
    let outcome: 'delivered' | 'nobody' | 'busy' = 'nobody';
    for (const pause of [...patience.backOffMs, undefined]) {
      if (m.id && (await alreadyDelivered({ ...m, id: m.id }))) return;
      outcome = await correlate(m);
      if (outcome === 'delivered') return;
      // A message nobody needs is dropped at once; one the journey was too busy to take is tried again.
      if (outcome === 'nobody' && m.ifNobodyWaits === 'drop') return;
      if (pause === undefined) break;
      await new Promise((r) => setTimeout(r, pause));
      waited += pause;
    }
    if (outcome === 'busy') throw new AppError(409, 'The change could not be made now', `${m.consequence}: the journey was busy each time it was tried. Try again shortly.`);
    if (m.ifNobodyWaits === 'wait') throw new NobodyWaiting(m.name, m.consequence, waited);
  }

  return function send(m: Message): Promise<void> {
    if (!m.id) return deliver(m);
    const key = `${m.name}:${m.id}`;
    const previous = inFlight.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => deliver(m));
    inFlight.set(key, next);
    return next.finally(() => {
      if (inFlight.get(key) === next) inFlight.delete(key);
    });
  };
}

export type Messenger = ReturnType<typeof createMessenger>;

/**
 * The referral journey starts by its start message, once per referral however often it is asked: the journey keeps
 * the message id, and a referral that has one is not started again. A change in the person's situation reaches a
 * referral waiting for the RAC meeting, which re-prioritises it (A3); one that is not waiting has nothing to re-prioritise.
 */
export function createReferralEngine(engine: EngineClient, send: Messenger = createMessenger(engine)): ReferralEngine {
  return {
    startReferral: (referralId, contactId) => send({
      name: 'referral-made', id: `referral-made-${referralId}`, businessKey: contactId, variables: { referralId, contactId },
      ifNobodyWaits: 'wait', consequence: 'The referral was not started',
    }),
    situationChanged: (referralId) => send({
      name: 'referral-situation-changed', correlationKeys: { referralId },
      ifNobodyWaits: 'drop', consequence: 'The change was saved but the waiting list was not re-prioritised',
    }),
  };
}

/**
 * The RAC meeting's decision reaches the referral's journey (A1). An allocation or closure is given a few seconds in
 * case the journey is a moment from waiting; a deferral is not, so it cannot be caught a second time when the journey
 * goes back to waiting. The same decision sent again is not delivered twice.
 */
export function createRacEngine(engine: EngineClient, send: Messenger = createMessenger(engine)): RacEngine {
  return {
    decisionMade: (d) => send({
      name: 'rac-decision', id: `rac-decision-${d.meetingId}-${d.referralId}`, correlationKeys: { referralId: d.referralId },
      variables: {
        racDecision: d.decision,
        ...(d.team && { allocatedTeam: d.team }), ...(d.worker && { allocatedWorker: d.worker }), ...(d.reason && { closedReason: d.reason }),
      },
      ifNobodyWaits: d.decision === 'defer' ? 'drop' : 'wait',
      consequence: 'The decision was recorded but the referral did not hear of it',
    }),
  };
}

/**
 * The advocacy journey hears that an advocate is named, or the wait is over without one (V3, V4): each is given a few
 * seconds in case the journey is a moment from waiting, and is delivered once. The journey waiting on the advocacy hears
 * that its care and support process may begin; a review does not wait for it, and a referral that is not waiting
 * learns it from the advocacy journey's end (advocacySettled), so nobody waiting is fine there after the back-off.
 */
export function createAdvocacyEngine(engine: EngineClient, send: Messenger = createMessenger(engine)): AdvocacyEngine {
  const consequence = 'It was recorded but the journey did not hear of it';
  return {
    advocateNamed: (id) => send({ name: 'advocate-named', id: `advocate-named-${id}`, correlationKeys: { advocacyId: id }, ifNobodyWaits: 'wait', consequence }),
    ended: (id) => send({ name: 'advocacy-ended', id: `advocacy-ended-${id}`, correlationKeys: { advocacyId: id }, ifNobodyWaits: 'wait', consequence }),
    settled: (forId, process) => send({
      name: 'advocacy-settled', id: `advocacy-settled-${forId}-${process}`, correlationKeys: { referralId: forId },
      ifNobodyWaits: 'wait-then-drop', receiver: 'referral-for-assessment', consequence,
    }),
  };
}

/**
 * The reviews journey starts by its start messages: once per referral's support (U2), and once per contact asking for
 * a review (U3). Both belong to the person's case: the contact id is their business key.
 */
export function createReviewEngine(engine: EngineClient, send: Messenger = createMessenger(engine)): ReviewEngine {
  return {
    supportStarted: (s) => send({
      name: 'support-started', id: `support-started-${s.referralId}`, businessKey: s.contactId, variables: { ...s },
      ifNobodyWaits: 'wait', consequence: 'The support was recorded but its reviews were not scheduled',
    }),
    reviewRequested: (contactId) => send({
      name: 'review-requested', id: `review-requested-${contactId}`, businessKey: contactId, variables: { contactId },
      ifNobodyWaits: 'wait', consequence: 'The review request was recorded but not passed on',
    }),
  };
}

const historicJourney = z.object({ processDefinitionKey: z.string().nullish(), endTime: dateTime.nullish() }).passthrough();

/** G1: every journey of a case, running or ended, from the engine's history (which keeps them longer than the case store). */
export function createRetentionEngine(engine: EngineClient): RetentionEngine {
  return {
    async journeysOf(caseId) {
      const found = await engine.post('/history/process-instance', { processInstanceBusinessKey: caseId }, z.array(historicJourney), {
        query: { maxResults: 1000 }, consequence: 'The case was not looked at',
      });
      return found.map((j) => ({ process: j.processDefinitionKey ?? '', running: !j.endTime, endedAt: j.endTime ?? null }));
    },
  };
}
