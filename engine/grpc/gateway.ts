// The Zeebe gateway gRPC service, implemented on the engine's commands. The protocol definition is the
// zeebe.proto shipped inside @camunda8/sdk, loaded at run time with the same options the SDK uses.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { EngineCore } from '../core.js';
import { evaluateDecisionCommand } from '../commands/decisions.js';
import { deploy } from '../commands/deploy.js';
import {
  cancelInstance,
  createInstance,
  resolveIncident,
  setVariables,
  type ResultWaiters,
} from '../commands/instances.js';
import {
  activateJobs,
  completeJob,
  failJob,
  throwError,
  updateJobRetries,
  updateJobTimeout,
  yieldJobs,
  type ActivatedJob,
  type ActivationRequest,
} from '../commands/jobs.js';
import { publishMessage } from '../commands/messages.js';
import { broadcastSignal } from '../commands/signals.js';
import { modifyInstance } from '../commands/modify.js';
import { deleteResource } from '../commands/delete-resource.js';
import { migrateInstance } from '../commands/migrate.js';
import { EngineError, parseDocument, rejected } from '../errors.js';
import type { JobDispatcher } from '../services/job-dispatcher.js';

/** The gateway version we report: the Zeebe release whose behaviour the engine follows. */
export const GATEWAY_VERSION = '8.8.0';
const TENANT = '<default>';
const DEFAULT_LONG_POLL_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Loads zeebe.proto from the installed SDK. */
export function loadGatewayService(): grpc.ServiceDefinition {
  const require = createRequire(import.meta.url);
  const protoPath = path.join(
    path.dirname(require.resolve('@camunda8/sdk/package.json')),
    'dist',
    'proto',
    'zeebe.proto',
  );
  const definition = protoLoader.loadSync(protoPath, {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const proto = grpc.loadPackageDefinition(definition) as unknown as {
    gateway_protocol: { Gateway: { service: grpc.ServiceDefinition } };
  };
  return proto.gateway_protocol.Gateway.service;
}

type Message = Record<string, unknown>;
const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
const num = (value: unknown): number => Number(str(value) || '0');

function toGrpcError(error: unknown, log: EngineCore['log']): Partial<grpc.StatusObject> {
  if (error instanceof EngineError) return { code: grpc.status[error.status], details: error.message };
  log.error({ err: error }, 'unexpected error in a gateway call');
  const message = error instanceof Error ? error.message : String(error);
  return { code: grpc.status.INTERNAL, details: `Unexpected error occurred during the request processing: ${message}` };
}

function toActivatedJob(job: ActivatedJob): Message {
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: job.process_instance_key,
    bpmnProcessId: job.bpmn_process_id,
    processDefinitionVersion: job.process_definition_version,
    processDefinitionKey: job.process_definition_key,
    elementId: job.element_id,
    elementInstanceKey: job.element_instance_key,
    customHeaders: job.custom_headers,
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline ?? 0),
    variables: job.variables,
    tenantId: TENANT,
  };
}

function activationRequest(request: Message, maxJobs: number): ActivationRequest {
  const type = str(request.type);
  const timeout = num(request.timeout);
  if (type.trim() === '')
    throw rejected(
      'ACTIVATE',
      'INVALID_ARGUMENT',
      'Expected to activate job batch with type to be present, but it was blank',
    );
  if (timeout < 1) {
    throw rejected(
      'ACTIVATE',
      'INVALID_ARGUMENT',
      `Expected to activate job batch with timeout to be greater than zero, but it was '${timeout}'`,
    );
  }
  if (maxJobs < 1) {
    throw rejected(
      'ACTIVATE',
      'INVALID_ARGUMENT',
      `Expected to activate job batch with max jobs to activate to be greater than zero, but it was '${maxJobs}'`,
    );
  }
  const fetchVariable = Array.isArray(request.fetchVariable) ? request.fetchVariable.map(str) : [];
  return { type, worker: str(request.worker), timeout, maxJobs, fetchVariable };
}

/** Builds the handlers of the Gateway service. */
export function gatewayHandlers(
  core: EngineCore,
  dispatcher: JobDispatcher,
  waiters: ResultWaiters,
  address: () => { host: string; port: number },
): grpc.UntypedServiceImplementation {
  /**
   * Response headers saying this gateway takes uncompressed messages only. The SDK gzips every request
   * (hard-coded), and gRPC clients stop compressing once the server says it accepts only identity: on small
   * Zeebe messages gzip costs both sides CPU and saves nothing. A server may accept what it chooses.
   */
  const identityOnly = () => {
    const metadata = new grpc.Metadata();
    metadata.set('grpc-accept-encoding', 'identity');
    return metadata;
  };

  const unary =
    (
      handler: (request: Message, call: grpc.ServerUnaryCall<Message, Message>) => Promise<Message>,
    ): grpc.handleUnaryCall<Message, Message> =>
    (call, callback) => {
      call.sendMetadata(identityOnly());
      handler(call.request, call).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toGrpcError(error, core.log)),
      );
    };

  const createRequest = (request: Message, awaitResult: boolean) => ({
    bpmnProcessId: str(request.bpmnProcessId),
    version: num(request.version),
    processDefinitionKey: str(request.processDefinitionKey),
    variables: parseDocument(str(request.variables)),
    startInstructions: Array.isArray(request.startInstructions)
      ? request.startInstructions.map((i) => str((i as Message).elementId))
      : [],
    awaitResult,
  });

  return {
    Topology: unary(async () => {
      const { host, port } = address();
      return {
        brokers: [
          {
            nodeId: 0,
            host,
            port,
            version: GATEWAY_VERSION,
            partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
          },
        ],
        clusterSize: 1,
        partitionsCount: 1,
        replicationFactor: 1,
        gatewayVersion: GATEWAY_VERSION,
      };
    }),

    DeployResource: unary(async (request) => {
      const resources = (Array.isArray(request.resources) ? request.resources : []).map((r) => ({
        name: str((r as Message).name),
        content: Buffer.from((r as Message).content as Buffer),
      }));
      const result = await deploy(core, resources);
      return {
        key: result.key,
        tenantId: TENANT,
        // Zeebe's order: processes, decisions, decision requirements, forms
        deployments: [
          ...result.processes.map((process) => ({ process: { ...process, tenantId: TENANT } })),
          ...result.decisions.map((decision) => ({ decision: { ...decision, tenantId: TENANT } })),
          ...result.decisionRequirements.map((drg) => ({ decisionRequirements: { ...drg, tenantId: TENANT } })),
          ...result.forms.map((form) => ({ form: { ...form, tenantId: TENANT } })),
        ],
      };
    }),

    CreateProcessInstance: unary(async (request) => ({
      ...(await createInstance(core, createRequest(request, false))),
      tenantId: TENANT,
    })),

    CreateProcessInstanceWithResult: unary(async (request, call) => {
      const created = await createInstance(core, createRequest((request.request ?? {}) as Message, true));
      const timeout = num(request.requestTimeout) > 0 ? num(request.requestTimeout) : DEFAULT_REQUEST_TIMEOUT_MS;
      const waiter = waiters.wait(created.processInstanceKey, timeout);
      call.on('cancelled', () => waiter.cancel());
      const result = await waiter.promise;
      const names = Array.isArray(request.fetchVariables) ? request.fetchVariables.map(str) : [];
      const variables =
        names.length > 0 ? Object.fromEntries(names.filter((n) => n in result).map((n) => [n, result[n]])) : result;
      return { ...created, variables: JSON.stringify(variables), tenantId: TENANT };
    }),

    CancelProcessInstance: unary(async (request) => {
      await cancelInstance(core, str(request.processInstanceKey));
      return {};
    }),

    ActivateJobs: (call: grpc.ServerWritableStream<Message, Message>) => {
      call.sendMetadata(identityOnly());
      const request = call.request;
      // once the call has ended (answered, timed out or cancelled), jobs found for it must go back
      let settled = false;
      call.on('cancelled', () => (settled = true));
      const answer = (jobs: ActivatedJob[]): boolean => {
        if (settled || call.cancelled) return false;
        settled = true;
        if (jobs.length > 0) call.write({ jobs: jobs.map(toActivatedJob) });
        call.end();
        return true;
      };
      void (async () => {
        const activation = activationRequest(request, num(request.maxJobsToActivate));
        const jobs = await activateJobs(core, activation);
        const requestTimeout = num(request.requestTimeout);
        if (jobs.length > 0 || requestTimeout < 0) {
          if (!answer(jobs))
            await yieldJobs(
              core,
              jobs.map((j) => j.key),
            );
          return;
        }
        if (settled) return;
        const unpark = dispatcher.park(activation, (delivered) => {
          clearTimeout(timer);
          return answer(delivered);
        });
        const timer = setTimeout(
          () => {
            unpark();
            answer([]);
          },
          requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : requestTimeout,
        );
        call.on('cancelled', () => {
          clearTimeout(timer);
          unpark();
        });
      })().catch((error: unknown) => call.destroy(Object.assign(new Error(), toGrpcError(error, core.log))));
    },

    StreamActivatedJobs: (call: grpc.ServerWritableStream<Message, Message>) => {
      call.sendMetadata(identityOnly());
      try {
        const request = activationRequest(call.request, 1);
        let open = true;
        const remove = dispatcher.addStream({
          type: request.type,
          worker: request.worker,
          timeout: request.timeout,
          fetchVariable: request.fetchVariable,
          push: (job) => {
            if (!open || call.cancelled) return false;
            call.write(toActivatedJob(job));
            return true;
          },
        });
        const close = () => {
          open = false;
          remove();
        };
        call.on('cancelled', close);
        call.on('close', close);
        call.on('error', close);
      } catch (error) {
        call.destroy(Object.assign(new Error(), toGrpcError(error, core.log)));
      }
    },

    CompleteJob: unary(async (request) => {
      await completeJob(core, str(request.jobKey), parseDocument(str(request.variables)));
      return {};
    }),

    FailJob: unary(async (request) => {
      await failJob(core, {
        jobKey: str(request.jobKey),
        retries: num(request.retries),
        errorMessage: str(request.errorMessage),
        retryBackOff: num(request.retryBackOff),
        variables: parseDocument(str(request.variables)),
      });
      return {};
    }),

    ThrowError: unary(async (request) => {
      await throwError(core, {
        jobKey: str(request.jobKey),
        errorCode: str(request.errorCode),
        errorMessage: str(request.errorMessage),
        variables: parseDocument(str(request.variables)),
      });
      return {};
    }),

    UpdateJobRetries: unary(async (request) => {
      await updateJobRetries(core, str(request.jobKey), num(request.retries));
      return {};
    }),

    UpdateJobTimeout: unary(async (request) => {
      await updateJobTimeout(core, str(request.jobKey), num(request.timeout));
      return {};
    }),

    PublishMessage: unary(async (request) => ({
      key: await publishMessage(core, {
        name: str(request.name),
        correlationKey: str(request.correlationKey),
        timeToLive: num(request.timeToLive),
        messageId: str(request.messageId),
        variables: parseDocument(str(request.variables)),
      }),
      tenantId: TENANT,
    })),

    MigrateProcessInstance: unary(async (request) => {
      const plan = (request.migrationPlan ?? {}) as Message;
      const mappings = (Array.isArray(plan.mappingInstructions) ? plan.mappingInstructions : []).map((m) => ({
        sourceElementId: str((m as Message).sourceElementId),
        targetElementId: str((m as Message).targetElementId),
      }));
      await migrateInstance(core, str(request.processInstanceKey), str(plan.targetProcessDefinitionKey), mappings);
      return {};
    }),

    DeleteResource: unary(async (request) => {
      await deleteResource(core, str(request.resourceKey));
      return {};
    }),

    // deprecated since Zeebe 8.0, still answered by 8.6 and 8.8: DeployResource with a smaller answer
    DeployProcess: unary(async (request) => {
      const resources = (Array.isArray(request.processes) ? request.processes : []).map((p) => ({
        name: str((p as Message).name),
        content: Buffer.from((p as Message).definition as Buffer),
      }));
      const result = await deploy(core, resources);
      return { key: result.key, processes: result.processes.map((process) => ({ ...process, tenantId: TENANT })) };
    }),

    ModifyProcessInstance: unary(async (request) => {
      const activate = (Array.isArray(request.activateInstructions) ? request.activateInstructions : []).map(
        (instruction: Record<string, unknown>) => ({
          elementId: str(instruction.elementId),
          ancestorElementInstanceKey: str(instruction.ancestorElementInstanceKey),
          variableInstructions: (Array.isArray(instruction.variableInstructions)
            ? instruction.variableInstructions
            : []
          ).map((v: Record<string, unknown>) => ({
            scopeId: str(v.scopeId),
            variables: parseDocument(str(v.variables)),
          })),
        }),
      );
      const terminate = (Array.isArray(request.terminateInstructions) ? request.terminateInstructions : []).map(
        (instruction: Record<string, unknown>) => str(instruction.elementInstanceKey),
      );
      await modifyInstance(core, str(request.processInstanceKey), activate, terminate);
      return {};
    }),

    BroadcastSignal: unary(async (request) => ({
      key: await broadcastSignal(core, str(request.signalName), parseDocument(str(request.variables))),
      tenantId: TENANT,
    })),

    EvaluateDecision: unary(async (request) => {
      const result = await evaluateDecisionCommand(core, {
        decisionId: str(request.decisionId),
        decisionKey: str(request.decisionKey),
        variables: parseDocument(str(request.variables)),
      });
      const evaluatedDecisions = result.evaluatedDecisions.map((d) => ({ ...d, tenantId: TENANT }));
      return { ...result, evaluatedDecisions, tenantId: TENANT };
    }),

    ResolveIncident: unary(async (request) => {
      await resolveIncident(core, str(request.incidentKey));
      return {};
    }),

    SetVariables: unary(async (request) => ({
      key: await setVariables(
        core,
        str(request.elementInstanceKey),
        parseDocument(str(request.variables)),
        request.local === true,
      ),
    })),
  };
}
