// Starts journeys on Zeebe; an unreachable broker becomes an error the API can answer with 503.
import type { JourneyEngine } from '../domain/contacts';
import type { ReferralEngine } from '../domain/referrals';
import { engineUnavailable } from '../errors';
import type { Zeebe } from './zeebe';

// gRPC status codes that mean "the engine is not there right now".
const UNAVAILABLE = new Set([4, 14]); // DEADLINE_EXCEEDED, UNAVAILABLE

export function createJourneyEngine(zeebe: Zeebe): JourneyEngine {
  return {
    async startReceivingAContact(facts) {
      try {
        const res = await zeebe.createProcessInstance({ bpmnProcessId: 'receiving-a-contact', variables: facts });
        return { processInstanceKey: res.processInstanceKey };
      } catch (err) {
        const e = err as { code?: number; details?: string; message: string };
        if (e.code !== undefined && UNAVAILABLE.has(e.code)) throw engineUnavailable(e.details ?? e.message);
        throw err;
      }
    },
  };
}

const ALREADY_EXISTS = 6;

/**
 * Starts the referral journey by its start message. The message id is the referral's, and the message waits on the
 * broker for an hour: a retried job's second publish is refused as already there, so one journey starts.
 */
export function createReferralEngine(zeebe: Zeebe): ReferralEngine {
  return {
    async startReferral(referralId, contactId) {
      try {
        await zeebe.publishMessage({
          name: 'referral-made', correlationKey: referralId, messageId: `referral-made-${referralId}`, timeToLive: 3_600_000,
          variables: { referralId, contactId },
        });
      } catch (err) {
        if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
      }
    },
  };
}
