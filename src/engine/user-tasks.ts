// Claims, gives back and completes Operaton user tasks through its REST API, as the technical user, after the API's checks.
import { AppError } from '../errors';
import { isOptimisticLocking, toTypedVariables, EngineRefusal, type EngineClient } from './operaton';

export interface UserTaskCommands {
  /** Claims the task for this user; refused when someone else holds it. */
  assign(id: string, assignee: string): Promise<void>;
  /** Gives the task back to its candidate groups. */
  unassign(id: string): Promise<void>;
  /** Completes the task with the routing facts of its form (ids and routing facts only). */
  complete(id: string, variables: Record<string, unknown>): Promise<void>;
}

/** How often a completion is tried while a concurrent completion in the same journey wins (parallel branches joining). */
const COMPLETE_ATTEMPTS = 4;

function rephrase(err: unknown, id: string): never {
  if (err instanceof EngineRefusal) {
    if (err.httpStatus === 404 || /cannot find task|does not exist/i.test(err.engineMessage)) {
      throw new AppError(404, 'No such task', `There is no open task ${id}.`);
    }
    if (err.type === 'TaskAlreadyClaimedException') throw new AppError(409, 'The task cannot be changed now', 'The task is already assigned to someone else.');
    if (err.status === 409) throw new AppError(409, 'The task cannot be changed now', 'The task changed as you acted on it; look at it again and retry.');
  }
  throw err;
}

export function createUserTaskCommands(engine: EngineClient): UserTaskCommands {
  return {
    async assign(id, assignee) {
      await engine.send('POST', `/task/${encodeURIComponent(id)}/claim`, { userId: assignee }, { consequence: 'The task was not claimed' }).catch((err) => rephrase(err, id));
    },
    async unassign(id) {
      await engine.send('POST', `/task/${encodeURIComponent(id)}/unclaim`, {}, { consequence: 'The task was not given back' }).catch((err) => rephrase(err, id));
    },
    async complete(id, variables) {
      const body = { variables: toTypedVariables(variables) };
      for (let attempt = 1; ; attempt++) {
        try {
          await engine.send('POST', `/task/${encodeURIComponent(id)}/complete`, body, { consequence: 'The task was not completed' });
          return;
        } catch (err) {
          // The task's branch joins another finishing at the same moment: the engine rolled back, so doing it again is safe.
          if (isOptimisticLocking(err) && attempt < COMPLETE_ATTEMPTS) {
            await new Promise((r) => setTimeout(r, 50 * 2 ** attempt * (0.5 + Math.random())));
            continue;
          }
          rephrase(err, id);
        }
      }
    },
  };
}
