// Creates the Zeebe gRPC client: the local broker without auth, or whatever the SDK's own environment variables describe.
import { Camunda8 } from '@camunda8/sdk';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';

export type Zeebe = ZeebeGrpcClient;

export interface ZeebeOptions {
  /** host:port of the gateway. */
  grpcAddress: string;
  /**
   * Plain gRPC with no OAuth: the local broker, and the docker-compose stack. Camunda SaaS or a
   * secured self-managed cluster is described by the SDK's own variables (CAMUNDA_AUTH_STRATEGY, ZEEBE_CLIENT_ID …).
   */
  plaintext: boolean;
  /**
   * Retries of a failed command. Workers and deployment retry without end; an HTTP request
   * must answer, so the API gives up after a few tries and says the engine is unavailable.
   */
  maxRetries?: number;
}

/** True when the environment carries the SDK's own authentication settings for a secured cluster. */
export function sdkAuthConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['CAMUNDA_AUTH_STRATEGY', 'ZEEBE_CLIENT_ID', 'CAMUNDA_OAUTH_URL'].some((k) => env[k]);
}

export function createZeebe(o: ZeebeOptions): Zeebe {
  const noAuth = o.plaintext
    ? { CAMUNDA_OAUTH_DISABLED: true, CAMUNDA_AUTH_STRATEGY: 'NONE' as const, CAMUNDA_SECURE_CONNECTION: false }
    : {};
  return new Camunda8({
    ...noAuth,
    ZEEBE_GRPC_ADDRESS: o.grpcAddress,
    zeebeGrpcSettings: {
      // The API reports an unreachable engine itself (503 and a log line); workers' connection errors are worth seeing.
      ZEEBE_CLIENT_LOG_LEVEL: o.maxRetries === undefined ? 'ERROR' : 'NONE',
      ZEEBE_GRPC_CLIENT_MAX_RETRIES: o.maxRetries ?? -1,
      ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 2,
    },
  }).getZeebeGrpcApiClient();
}
