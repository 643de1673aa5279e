// Closes the case as rejected and sends the rejection mail (Task_SendRejection in cpr-application).
// Idempotent: the status move is a no-op the second time and the mail's dedupe key is per case.
import { caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'send-rejection';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }) {
    const actor = actorOf(type);
    await caseFile.outbox.notify(applicationId, { template: 'rejection' }, { actor });
    await caseFile.applications.setStatus(applicationId, 'closed-rejected', actor);
    return {};
  },
});
