// The one place that touches the SDK's job object. A worker file declares its job type, the ajv schemas of
// its input and output, and a handler that works on plain typed values; defineWorker turns the outcome
// into the right engine command:
//   bad input             -> fail with no retries: an incident a human can see and resolve
//   BpmnError thrown      -> throw the BPMN error, for a boundary event to catch
//   ValidationError or NotFoundError -> an incident at once: the same input fails the same way every time
//   any other throw       -> fail with retries - 1 and a back-off, so a passing outage heals by itself
//   good output           -> complete with only the new variables
import { Ajv, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { NotFoundError, ValidationError } from '../lib/errors/index.js';

const ajv = new Ajv({ allErrors: true, strict: false });

/** A business outcome the process models with an error boundary event (not a failure). */
export class BpmnError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

/** What a handler learns about the job besides its variables; keys are strings, as everywhere. */
export interface JobContext {
  jobKey: string;
  processInstanceKey: string;
  elementId: string;
  retries: number;
}

export interface WorkerSpec<I, O, D> {
  /** The job type: also the file name, and the zeebe:taskDefinition type in the BPMN. */
  type: string;
  input: JSONSchemaType<I>;
  output: JSONSchemaType<O>;
  /** How long the engine waits before handing the job to another worker (ms). */
  timeout?: number;
  handle(input: I, deps: D, job: JobContext): Promise<O>;
}

/** The engine-facing side of a job, as the runner gives it (a narrow view of the SDK's job). */
export interface JobPort {
  key: string;
  processInstanceKey: string;
  elementId: string;
  retries: number;
  variables: unknown;
  complete(variables: Record<string, unknown>): Promise<unknown>;
  fail(errorMessage: string, retries: number, retryBackOffMs: number): Promise<unknown>;
  throwError(errorCode: string, errorMessage: string, variables: Record<string, unknown>): Promise<unknown>;
}

export interface WorkerDefinition<D> {
  type: string;
  timeout: number;
  /** The variables the worker reads: its input schema's properties, so jobs carry no more than needed. */
  fetchVariables: string[];
  run(job: JobPort, deps: D, log: WorkerLog): Promise<void>;
}

/** The logging a worker run needs; pino fits. Never give it personal data. */
export interface WorkerLog {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

const describe = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');

/** Back-off before the next retry: 5 s, 20 s, 80 s, ... capped at 10 minutes. */
export const retryBackOff = (retriesLeft: number) => Math.min(600_000, 5000 * 4 ** Math.max(0, 3 - retriesLeft));

export function defineWorker<I, O, D>(spec: WorkerSpec<I, O, D>): WorkerDefinition<D> {
  const validInput = ajv.compile(spec.input);
  const validOutput = ajv.compile(spec.output);
  const properties = (spec.input as { properties?: Record<string, unknown> }).properties ?? {};
  return {
    type: spec.type,
    timeout: spec.timeout ?? 60_000,
    fetchVariables: Object.keys(properties),
    async run(job, deps, log) {
      const context = { jobKey: job.key, processInstanceKey: job.processInstanceKey, type: spec.type };
      if (!validInput(job.variables)) {
        const message = `Invalid input for ${spec.type}: ${describe(validInput)}`;
        log.error(context, 'job input is invalid; raising an incident');
        await job.fail(message, 0, 0);
        return;
      }
      let output: O;
      try {
        output = await spec.handle(job.variables, deps, {
          jobKey: job.key,
          processInstanceKey: job.processInstanceKey,
          elementId: job.elementId,
          retries: job.retries,
        });
      } catch (error) {
        if (error instanceof BpmnError) {
          await job.throwError(error.errorCode, error.message, error.variables);
          return;
        }
        if (error instanceof ValidationError || error instanceof NotFoundError) {
          log.error({ ...context, err: error }, 'job cannot succeed with this input; raising an incident');
          await job.fail(error.message, 0, 0);
          return;
        }
        const retries = Math.max(0, job.retries - 1);
        log.warn({ ...context, retries, err: error }, 'job failed; it will be retried');
        await job.fail(error instanceof Error ? error.message : String(error), retries, retryBackOff(retries));
        return;
      }
      if (!validOutput(output)) {
        // a bug in the worker, not an outage: retrying would give the same output
        const message = `Invalid output from ${spec.type}: ${describe(validOutput)}`;
        log.error(context, 'job output is invalid; raising an incident');
        await job.fail(message, 0, 0);
        return;
      }
      await job.complete(output as Record<string, unknown>);
    },
  };
}

/** The output of a worker that adds no variables. */
export type NoVariables = Record<string, never>;
export const noVariables = {
  type: 'object',
  additionalProperties: false,
} as unknown as JSONSchemaType<NoVariables>;

/** The input of the many workers that only need the case. */
export interface CaseInput {
  applicationId: string;
}
export const caseInput: JSONSchemaType<CaseInput> = {
  type: 'object',
  properties: { applicationId: { type: 'string', minLength: 1 } },
  required: ['applicationId'],
};
