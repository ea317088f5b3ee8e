// Starts journeys and hands them messages on Zeebe; an unreachable broker becomes an error the API can answer with 503.
import type { AdvocacyEngine } from '../domain/advocacy';
import type { JourneyEngine } from '../domain/contacts';
import type { RacEngine } from '../domain/rac';
import type { ReferralEngine } from '../domain/referrals';
import type { ReviewEngine } from '../domain/reviews';
import { engineUnavailable } from '../errors';
import type { Zeebe } from './zeebe';

// gRPC status codes that mean "the engine is not there right now".
const UNAVAILABLE = new Set([4, 14]); // DEADLINE_EXCEEDED, UNAVAILABLE
const ALREADY_EXISTS = 6;

function unavailableOr(err: unknown, consequence: string): never {
  const e = err as { code?: number; details?: string; message: string };
  if (e.code !== undefined && UNAVAILABLE.has(e.code)) throw engineUnavailable(e.details ?? e.message, consequence);
  throw err;
}

export function createJourneyEngine(zeebe: Zeebe): JourneyEngine {
  return {
    async startReceivingAContact(facts) {
      try {
        const res = await zeebe.createProcessInstance({ bpmnProcessId: 'receiving-a-contact', variables: facts });
        return { processInstanceKey: res.processInstanceKey };
      } catch (err) {
        return unavailableOr(err, 'The contact was not recorded');
      }
    },
  };
}

type Message = Parameters<Zeebe['publishMessage']>[0];

/** Publishes once per message id: while the first is buffered on the broker, a second with its id is refused, and that is fine. */
async function publishOnce(zeebe: Zeebe, message: Message, consequence: string): Promise<void> {
  try {
    await zeebe.publishMessage(message);
  } catch (err) {
    if ((err as { code?: number }).code === ALREADY_EXISTS) return;
    unavailableOr(err, consequence);
  }
}

/**
 * The referral journey starts by its start message, whose id is the referral's and which waits on the broker for an
 * hour: a retried job starts one journey. A change in the person's situation reaches a referral waiting for the
 * RAC meeting, which re-prioritises it (A3); one that is not waiting has nothing to re-prioritise.
 */
export function createReferralEngine(zeebe: Zeebe): ReferralEngine {
  return {
    startReferral: (referralId, contactId) => publishOnce(zeebe, {
      name: 'referral-made', correlationKey: referralId, messageId: `referral-made-${referralId}`, timeToLive: 3_600_000,
      variables: { referralId, contactId },
    }, 'The referral was not started'),
    situationChanged: (referralId) => publishOnce(zeebe, {
      name: 'referral-situation-changed', correlationKey: referralId, timeToLive: 0, variables: {},
    }, 'The change was saved but the waiting list was not re-prioritised'),
  };
}

/**
 * The RAC meeting's decision reaches the referral's journey (A1). An allocation or closure waits an hour on the broker
 * in case the journey is a moment from waiting; a deferral does not wait, so it cannot be caught a second time when
 * the journey goes back to waiting.
 */
export function createRacEngine(zeebe: Zeebe): RacEngine {
  return {
    decisionMade: (d) => publishOnce(zeebe, {
      name: 'rac-decision', correlationKey: d.referralId, messageId: `rac-decision-${d.meetingId}-${d.referralId}`,
      timeToLive: d.decision === 'defer' ? 0 : 3_600_000,
      variables: {
        racDecision: d.decision,
        ...(d.team && { allocatedTeam: d.team }), ...(d.worker && { allocatedWorker: d.worker }), ...(d.reason && { closedReason: d.reason }),
      },
    }, 'The decision was recorded but the referral did not hear of it'),
  };
}

/**
 * The advocacy journey hears that an advocate is named, or the wait is over without one (V3, V4); the journey waiting on it hears
 * that its care and support process may begin. Each waits an hour on the broker for a journey a moment from waiting.
 */
export function createAdvocacyEngine(zeebe: Zeebe): AdvocacyEngine {
  const publish = (name: string, key: string, id: string) =>
    publishOnce(zeebe, { name, correlationKey: key, messageId: id, timeToLive: 3_600_000, variables: {} }, 'It was recorded but the journey did not hear of it');
  return {
    advocateNamed: (id) => publish('advocate-named', id, `advocate-named-${id}`),
    ended: (id) => publish('advocacy-ended', id, `advocacy-ended-${id}`),
    settled: (forId, process) => publish('advocacy-settled', forId, `advocacy-settled-${forId}-${process}`),
  };
}

/** The reviews journey starts by its start message once per referral's support (U2). */
export function createReviewEngine(zeebe: Zeebe): ReviewEngine {
  return {
    supportStarted: (s) => publishOnce(zeebe, {
      name: 'support-started', correlationKey: s.referralId, messageId: `support-started-${s.referralId}`, timeToLive: 3_600_000,
      variables: { ...s },
    }, 'The support was recorded but its reviews were not scheduled'),
    reviewRequested: (contactId) => publishOnce(zeebe, {
      name: 'review-requested', correlationKey: contactId, messageId: `review-requested-${contactId}`, timeToLive: 3_600_000, variables: { contactId },
    }, 'The review request was recorded but not passed on'),
  };
}
