// Assigns, unassigns and completes Zeebe user tasks through the broker's REST API (v2 user-task endpoints).
import { AppError, engineUnavailable } from '../errors';

export interface UserTaskCommands {
  assign(key: string, assignee: string): Promise<void>;
  unassign(key: string): Promise<void>;
  complete(key: string, variables: Record<string, unknown>): Promise<void>;
}

export function createUserTaskCommands(restAddress: string): UserTaskCommands {
  async function send(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${restAddress}/v2/user-tasks/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw engineUnavailable((err as Error).message);
    }
    if (res.ok) return;
    const problem = (await res.json().catch(() => ({}))) as { detail?: string };
    const detail = problem.detail ?? `the engine answered ${res.status}`;
    if (res.status === 404) throw new AppError(404, 'No such task', detail);
    if (res.status === 409 || res.status === 400) throw new AppError(409, 'The task cannot be changed now', detail);
    if (res.status >= 500) throw engineUnavailable(detail);
    throw new AppError(502, 'The engine refused the change', detail);
  }
  return {
    assign: (key, assignee) => send('POST', `${key}/assignment`, { assignee, allowOverride: false }),
    unassign: (key) => send('DELETE', `${key}/assignee`),
    complete: (key, variables) => send('POST', `${key}/completion`, { variables }),
  };
}
