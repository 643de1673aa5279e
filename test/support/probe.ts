// Observing an engine through the SDK alone: deploy, wait for a job of a type and read what it carries,
// check that no job is waiting, and check the gRPC status of a rejected call.
import type { Zeebe } from '@camunda8/sdk';
import { expect } from 'chai';
import { end, path, processXml, serviceTask, start, uid } from './bpmn.js';

export type Client = Zeebe.ZeebeGrpcClient;
export type Job = Awaited<ReturnType<Client['activateJobs']>>[number];

export async function deploy(zeebe: Client, id: string, body: string[], root: string[] = []) {
  const result = await zeebe.deployResource({ process: Buffer.from(processXml(id, body, root)), name: `${id}.bpmn` });
  const process = result.deployments[0]?.process;
  if (!process) throw new Error('deployment returned no process');
  return process;
}

/**
 * Deploys start -> job of `type` (with optional extension elements) -> a probe job -> end. Activating the
 * probe job shows the variables the process holds once the task has completed.
 */
export async function deployTaskThenProbe(zeebe: Client, type: string, extensions = '') {
  const [id, probe] = [uid('task-then-probe'), uid('probe')];
  await deploy(zeebe, id, [
    start(),
    serviceTask('work', type, extensions),
    serviceTask('probe', probe),
    end(),
    path('start', 'work', 'probe', 'end'),
  ]);
  return { id, probe };
}

/** Waits (long polling) for the next job of `type` and activates it. */
export async function nextJob(
  zeebe: Client,
  type: string,
  options: { timeoutMs?: number; fetchVariable?: string[] } = {},
): Promise<Job> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    const jobs = await zeebe.activateJobs({
      type,
      worker: 'spec',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: Math.max(1, Math.min(5_000, deadline - Date.now())),
      ...(options.fetchVariable ? { fetchVariable: options.fetchVariable } : {}),
    });
    if (jobs[0]) return jobs[0];
  }
  throw new Error(`no job of type '${type}' became available`);
}

/** Asserts that no job of `type` can be activated right now. */
export async function expectNoJob(zeebe: Client, type: string): Promise<void> {
  const jobs = await zeebe.activateJobs({
    type,
    worker: 'spec',
    maxJobsToActivate: 10,
    timeout: 1000,
    requestTimeout: -1,
  });
  expect(
    jobs.map((j) => j.elementId),
    `jobs of type '${type}'`,
  ).to.deep.equal([]);
}

/** gRPC status codes by name. */
export const Status = {
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  INVALID_ARGUMENT: 3,
} as const;

/** Asserts that `call` fails with the given gRPC status; returns the error message for further checks. */
export async function expectStatus(call: Promise<unknown>, status: keyof typeof Status): Promise<string> {
  try {
    await call;
  } catch (error) {
    const code = (error as { code?: number }).code;
    expect(code, `gRPC status of: ${(error as Error).message}`).to.equal(Status[status]);
    return (error as Error).message;
  }
  expect.fail(`expected the call to fail with ${status}, but it succeeded`);
}

/** Polls `check` until it stops throwing, for effects that arrive asynchronously. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The job-based user task job of one process instance. All such tasks share one job type, so other specs'
 * user task jobs may be waiting too; they are activated briefly and handed back by their short timeout.
 */
export async function userTaskJobOf(zeebe: Client, processInstanceKey: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const jobs = await zeebe.activateJobs({
      type: 'io.camunda.zeebe:userTask',
      worker: 'spec',
      maxJobsToActivate: 50,
      timeout: 1000,
      requestTimeout: 200,
    });
    const mine = jobs.find((j) => j.processInstanceKey === processInstanceKey);
    if (mine) return mine;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no user task job of process instance ${processInstanceKey}`);
}
