// The user-task inbox (DESIGN.md "User tasks"): takes the engine's job-based user tasks (type
// io.camunda.zeebe:userTask) with a timeout of days and writes them into the task list, where caseworkers
// claim and complete them. Not a worker of one BPMN element: every user task of every model arrives here.
// Safe to repeat: the task is keyed by its job key, so a job activated again after its timeout (or by a
// second inbox) is the same task. A job that cannot be stored is handed back to the engine at once, so it
// is not held for days by an inbox that forgot it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Tasks } from '../cases/tasks.js';
import type { EngineClient } from '../lib/engine-client/index.js';
import type { WorkerLog } from './define-worker.js';

/** The job type of job-based user tasks. */
export const userTaskJobType = 'io.camunda.zeebe:userTask';

/** How long the engine leaves a user task with the inbox before offering it again: 7 days. */
export const userTaskTimeoutMs = 7 * 86_400_000;

/** The inbox's settings; the defaults suit production. */
export interface InboxOptions {
  /** job timeout (ms) */
  timeoutMs?: number;
  /** how long one activation request waits for jobs (ms); also how long close() may wait */
  requestTimeoutMs?: number;
  maxJobsToActivate?: number;
  /** the worker name the engine records */
  worker?: string;
}

/** A running inbox. */
export interface UserTaskInbox {
  /** Stops asking for jobs; resolves when the request in flight has been stored. */
  close(): Promise<void>;
}

const actor = 'system:user-task-inbox';

/** Starts the inbox loop on `client`, storing tasks with `tasks`. */
export function startUserTaskInbox(
  client: EngineClient,
  { tasks, log }: { tasks: Tasks; log: WorkerLog },
  options: InboxOptions = {},
): UserTaskInbox {
  const timeout = options.timeoutMs ?? userTaskTimeoutMs;
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  let running = true;
  let failures = 0;

  async function poll(): Promise<void> {
    const jobs = await client.activateJobs({
      type: userTaskJobType,
      worker: options.worker ?? 'user-task-inbox',
      maxJobsToActivate: options.maxJobsToActivate ?? 32,
      timeout,
      requestTimeout,
    });
    for (const job of jobs) {
      try {
        await tasks.upsertFromJob(
          {
            jobKey: job.key,
            processInstanceKey: job.processInstanceKey,
            processDefinitionKey: (job as { processDefinitionKey?: string }).processDefinitionKey ?? '',
            bpmnProcessId: job.bpmnProcessId,
            elementId: job.elementId,
            elementInstanceKey: job.elementInstanceKey,
            customHeaders: { ...job.customHeaders },
            variables: { ...job.variables },
          },
          actor,
        );
      } catch (error) {
        log.warn({ jobKey: job.key, err: error }, 'user task could not be stored; handing it back to the engine');
        await client
          .failJob({ jobKey: job.key, errorMessage: 'task list unavailable', retries: job.retries, retryBackOff: 5000 })
          .catch((e: unknown) => log.warn({ jobKey: job.key, err: e }, 'handing the user task back failed'));
      }
    }
  }

  const loop = (async () => {
    while (running) {
      try {
        await poll();
        failures = 0;
      } catch (error) {
        failures += 1;
        log.warn({ err: error, failures }, 'activating user tasks failed; trying again');
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
      }
    }
  })();

  return {
    async close() {
      running = false;
      await loop;
    },
  };
}
