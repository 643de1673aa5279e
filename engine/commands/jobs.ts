// Job commands. Activation claims rows with FOR UPDATE SKIP LOCKED, so two engine processes on one
// database never hand the same job to two workers. Commands that change the process (complete, fail,
// throw) lock the instance first and the job second, the one lock order every command follows.
import { query } from '../state/sql.js';
import type { EngineCore } from '../core.js';
import { rejected } from '../errors.js';
import type { JobRow } from '../state/rows.js';
import { jobColumns } from './instances.js';

/** A job as handed to a worker: the row plus its variables as a JSON string. */
export interface ActivatedJob extends JobRow {
  variables: string;
}

export interface ActivationRequest {
  type: string;
  worker: string;
  timeout: number;
  maxJobs: number;
  fetchVariable: string[];
}

/**
 * Activates up to `maxJobs` activatable jobs of a type, in one statement that also gathers each job's
 * visible variables (inner scopes win, as jsonb_object_agg keeps the last value of a name).
 */
export async function activateJobs(core: EngineCore, request: ActivationRequest): Promise<ActivatedJob[]> {
  const now = Date.now();
  const { rows } = await query<ActivatedJob>(
    core.pool,
    `with claimed as (
       select key from engine.jobs where type = $1 and state = 'ACTIVATABLE' order by key limit $2 for update skip locked
     ), activated as (
       update engine.jobs j set state = 'ACTIVATED', worker = $3, deadline = $4
         from claimed where j.key = claimed.key
       returning j.*
     )
     select a.key::text, a.type, a.state, a.retries, a.worker, a.deadline::float8 as deadline, a.recur_at::float8 as recur_at,
       a.error_message, a.custom_headers, a.process_instance_key::text, a.element_instance_key::text, a.element_id,
       a.bpmn_process_id, a.process_definition_key::text, a.process_definition_version, a.scope_keys::text[] as scope_keys,
       a.created_at::float8 as created_at,
       coalesce((select jsonb_object_agg(v.name, v.value order by array_position(a.scope_keys, v.scope_key) desc)
                   from engine.variables v
                  where v.scope_key = any(a.scope_keys) and ($5::text[] is null or v.name = any($5::text[]))), '{}')::text as variables
       from activated a order by a.key`,
    [
      request.type,
      request.maxJobs,
      request.worker,
      now + request.timeout,
      request.fetchVariable.length > 0 ? request.fetchVariable : null,
    ],
  );
  return rows;
}

/**
 * Puts jobs that were activated for a call that went away back up for activation, and announces them
 * (to this process's streams and, through NOTIFY in the same statement, to other engine processes).
 */
export async function yieldJobs(core: EngineCore, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const { rows } = await query<{ type: string }>(
    core.pool,
    `with yielded as (
       update engine.jobs set state = 'ACTIVATABLE', worker = '', deadline = null
        where key = any($1::bigint[]) and state = 'ACTIVATED' returning type
     )
     select type, pg_notify('engine_jobs', $2 || ':' || type) from (select distinct type from yielded) t`,
    [keys, core.origin],
  );
  const types = rows.map((r) => r.type);
  // announced on the next turn, so a dispatcher that yields from inside its own pump is not re-entered
  if (types.length > 0) setImmediate(() => core.listeners.forEach((l) => l.jobsAvailable?.(types)));
}

type Verb = 'complete' | 'fail' | 'throw an error for';
const intents: Record<Verb, string> = { complete: 'COMPLETE', fail: 'FAIL', 'throw an error for': 'THROW_ERROR' };

/** Locks the job's instance and the job, checks it may take `verb`, then runs `work` on it. */
async function onJob(
  core: EngineCore,
  jobKey: string,
  verb: Verb,
  work: (job: JobRow, interpreter: import('../runtime/interpreter.js').Interpreter) => Promise<void>,
): Promise<void> {
  const intent = intents[verb];
  const notFound = () =>
    rejected(intent, 'NOT_FOUND', `Expected to ${verb} job with key '${jobKey}', but no such job was found`);
  await core.onInstance({ job: jobKey }, notFound, async ({ client, interpreter }) => {
    const job = (await query<JobRow>(client, `${jobColumns} where key = $1 for update`, [jobKey])).rows[0];
    if (!job) throw notFound();
    if (job.state !== 'ACTIVATABLE' && job.state !== 'ACTIVATED') {
      throw rejected(
        intent,
        'INVALID_STATE',
        `Expected to ${verb} job with key '${jobKey}', but it is in state '${job.state}'`,
      );
    }
    await work(job, interpreter);
  });
}

export function completeJob(core: EngineCore, jobKey: string, variables: Record<string, unknown>): Promise<void> {
  return onJob(core, jobKey, 'complete', (job, interpreter) => interpreter.completeJob(job, variables));
}

export function failJob(
  core: EngineCore,
  request: {
    jobKey: string;
    retries: number;
    errorMessage: string;
    retryBackOff: number;
    variables: Record<string, unknown>;
  },
): Promise<void> {
  return onJob(core, request.jobKey, 'fail', (job, interpreter) =>
    interpreter.failJob(job, request.retries, request.errorMessage, request.retryBackOff, request.variables),
  );
}

export function throwError(
  core: EngineCore,
  request: { jobKey: string; errorCode: string; errorMessage: string; variables: Record<string, unknown> },
): Promise<void> {
  if (request.errorCode.trim() === '') {
    return Promise.reject(
      rejected(
        'THROW_ERROR',
        'INVALID_ARGUMENT',
        `Expected to throw an error for job with key '${request.jobKey}', but the error code is empty`,
      ),
    );
  }
  return onJob(core, request.jobKey, 'throw an error for', async (job, interpreter) => {
    // a listener job has no BPMN error to throw, as on Zeebe 8.8
    if (interpreter.isListenerJob(job))
      throw rejected(
        'THROW_ERROR',
        'INVALID_STATE',
        `Cannot throw BPMN error from EXECUTION_LISTENER job with key '${job.key}', type '${job.type}' and processInstanceKey '${job.process_instance_key}'`,
      );
    await interpreter.throwJobError(job, request.errorCode, request.errorMessage, request.variables);
  });
}

export async function updateJobRetries(core: EngineCore, jobKey: string, retries: number): Promise<void> {
  if (retries < 1) {
    throw rejected(
      'UPDATE_RETRIES',
      'INVALID_ARGUMENT',
      `Expected to update retries for job with key '${jobKey}' with a positive amount of retries, but the amount given was '${retries}'`,
    );
  }
  const { rowCount } = await query(core.pool, 'update engine.jobs set retries = $2 where key = $1', [jobKey, retries]);
  if (!rowCount)
    throw rejected(
      'UPDATE_RETRIES',
      'NOT_FOUND',
      `Expected to update job with key '${jobKey}', but no such job was found`,
    );
}

export async function updateJobTimeout(core: EngineCore, jobKey: string, timeout: number): Promise<void> {
  const { rows } = await query<{ state: string; updated: boolean }>(
    core.pool,
    `with target as (select key, state from engine.jobs where key = $1 for update),
          changed as (update engine.jobs j set deadline = $2 from target where j.key = target.key and target.state = 'ACTIVATED' returning j.key)
     select target.state, exists(select 1 from changed) as updated from target`,
    [jobKey, Date.now() + timeout],
  );
  const row = rows[0];
  if (!row)
    throw rejected(
      'UPDATE_TIMEOUT',
      'NOT_FOUND',
      `Expected to update job with key '${jobKey}', but no such job was found`,
    );
  if (!row.updated) {
    throw rejected(
      'UPDATE_TIMEOUT',
      'INVALID_STATE',
      `Expected to update the timeout of job with key '${jobKey}', but it is not active`,
    );
  }
}
