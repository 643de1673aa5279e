// Closes the case when the hearing expired without an answer, and tells the citizen
// (Task_CloseUnanswered in cpr-application). Idempotent: closing a closed hearing changes nothing.
import { caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'close-unanswered';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }) {
    await caseFile.hearings.closeUnanswered(applicationId, actorOf(type));
    return {};
  },
});
