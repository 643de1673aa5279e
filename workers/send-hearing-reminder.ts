// Reminds the citizen of the open hearing, with a fresh link (Task_SendHearingReminder in cpr-application).
// Idempotent: the case file sends the reminder once per hearing; a retry changes nothing.
import { caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'send-hearing-reminder';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }) {
    await caseFile.hearings.remind(applicationId, actorOf(type));
    return {};
  },
});
