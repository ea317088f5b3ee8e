// The part of camunda-external-task-client-js 3.1 (ES modules, no types of its own; @types 1.3 lag it) that worker.ts uses.
declare module 'camunda-external-task-client-js' {
  import type { EventEmitter } from 'node:events';

  export interface TypedValueDto {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }

  export class Variables {
    constructor(initial?: Record<string, TypedValueDto>);
    getAllTyped(): Record<string, TypedValueDto>;
    setAllTyped(values: Record<string, TypedValueDto>): this;
  }

  /** A locked external task as fetchAndLock answers it, its variables wrapped. */
  export interface Task {
    id: string;
    topicName: string;
    processInstanceId: string;
    processDefinitionKey: string | null;
    activityId: string;
    businessKey: string | null;
    /** null until the first failure. */
    retries: number | null;
    variables: Variables;
  }

  export interface TaskService {
    complete(task: Task | string, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task | string, options: { errorMessage: string; errorDetails?: string; retries: number; retryTimeout: number }): Promise<void>;
    handleBpmnError(task: Task | string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    unlock(task: Task | string): Promise<void>;
  }

  /** The request options got receives; an interceptor returns them changed. */
  export type RequestOptions = Record<string, unknown> & { headers?: Record<string, string>; json?: Record<string, unknown> };

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    asyncResponseTimeout?: number;
    autoPoll?: boolean;
    usePriority?: boolean;
    interceptors?: ((o: RequestOptions) => RequestOptions) | ((o: RequestOptions) => RequestOptions)[];
  }

  export interface Subscription {
    unsubscribe(): void;
  }

  export class Client extends EventEmitter {
    constructor(options: ClientOptions);
    options: ClientOptions & { interval: number };
    subscribe(
      topic: string,
      options: { lockDuration?: number; variables?: string[] },
      handler: (args: { task: Task; taskService: TaskService }) => Promise<void>,
    ): Subscription;
    start(): void;
    stop(): void;
  }

  /** Thrown for an HTTP error answer: the engine's exception type and message with its status. */
  export interface EngineError extends Error {
    httpStatusCode: number;
    type?: string;
    code?: number;
    engineMsg?: string;
  }
}
