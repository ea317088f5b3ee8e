// Claims, gives back and completes Operaton user tasks through its REST API, as the technical user, after the API's checks.
import { z } from 'zod';
import type { OpenTaskTimes } from '../domain/tasks';
import { AppError } from '../errors';
import { engineDate, isOptimisticLocking, toTypedVariables, EngineRefusal, type EngineClient } from './operaton';

export interface UserTaskCommands {
  /** Claims the task for this user; refused when someone else holds it. */
  assign(id: string, assignee: string): Promise<void>;
  /** Gives the task back to its candidate groups. */
  unassign(id: string): Promise<void>;
  /** Gives the task to this user, whoever holds it now (a team manager moving work). */
  reassign(id: string, assignee: string): Promise<void>;
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
    async reassign(id, assignee) {
      // The engine's "set assignee" replaces whoever holds it, where a claim would be refused.
      await engine.send('POST', `/task/${encodeURIComponent(id)}/assignee`, { userId: assignee }, { consequence: 'The task was not given to them' }).catch((err) => rephrase(err, id));
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

const openTask = z.object({
  id: z.string(), name: z.string().nullable(), description: z.string().nullable(), assignee: z.string().nullable(), owner: z.string().nullable(),
  delegationState: z.string().nullable(), created: z.string(), followUp: z.string().nullable(), parentTaskId: z.string().nullable(),
  caseInstanceId: z.string().nullable(), tenantId: z.string().nullable(),
}).passthrough();

/**
 * Re-times open tasks through the engine's task update, which replaces every field: each is sent back as just read,
 * with the new priority and due time. The REST API has no narrower update, so a claim made in the one round trip
 * between the read and the update would be undone (the task shows unclaimed, and is claimed again).
 */
export function createOpenTaskTimes(engine: EngineClient): OpenTaskTimes {
  return {
    async retime(processInstanceId, activityId, priority, dueAt) {
      const tasks = await engine.get('/task', z.array(openTask.pick({ id: true })), { query: { processInstanceId, taskDefinitionKey: activityId } });
      for (const { id: taskId } of tasks) {
        const { id, created, ...fields } = await engine.get(`/task/${encodeURIComponent(taskId)}`, openTask);
        await engine.send('PUT', `/task/${encodeURIComponent(id)}`, {
          name: fields.name, description: fields.description, assignee: fields.assignee, owner: fields.owner, delegationState: fields.delegationState,
          followUp: fields.followUp, parentTaskId: fields.parentTaskId, caseInstanceId: fields.caseInstanceId, tenantId: fields.tenantId,
          priority, due: engineDate(dueAt(new Date(created))),
        }, { consequence: 'The task was not re-timed' });
      }
      return tasks.length;
    },
  };
}
