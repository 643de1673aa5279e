// What every worker is given: the case file (cases/), built once at start-up.
import type { CaseFile } from '../cases/index.js';

export interface WorkerDeps {
  caseFile: CaseFile;
}

/** The audit actor of a worker: the job type it serves. */
export const actorOf = (type: string) => `worker:${type}`;
