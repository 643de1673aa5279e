// Records that the citizen did not come and invites them to book again (Task_HandleNoShow in
// cpr-application). Idempotent: keyed by the job key, so a retry neither marks twice nor invites twice.
import { caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'handle-no-show';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }, job) {
    await caseFile.appointments.markNoShow(applicationId, job.jobKey, actorOf(type));
    return {};
  },
});
