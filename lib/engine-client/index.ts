// The one place that builds the engine client. Workers, web, simulation and tools all talk to the engine
// through this Zeebe gRPC client, whichever engine answers (embedded or Zeebe).
import { Camunda8, type Zeebe } from '@camunda8/sdk';

export type EngineClient = Zeebe.ZeebeGrpcClient;

/**
 * A client for the gateway at `address` (grpc://host:port or host:port), without authentication.
 * `retry: false` turns off the SDK's own retries, for callers that must see each call's status (specs).
 */
export function createEngineClient(address: string, options: { retry?: boolean } = {}): EngineClient {
  const url = /^grpcs?:\/\//.test(address) ? address : `grpc://${address}`;
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: url,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    // the SDK's own logging goes to stdout unstructured; our logger reports what matters
    CAMUNDA_LOG_LEVEL: 'none',
    ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
    ...(options.retry === false ? { ZEEBE_GRPC_CLIENT_RETRY: false } : {}),
  } as ConstructorParameters<typeof Camunda8>[0]).getZeebeGrpcApiClient();
}
