// Starts journeys on Zeebe; an unreachable broker becomes an error the API can answer with 503.
import type { JourneyEngine } from '../domain/contacts';
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
