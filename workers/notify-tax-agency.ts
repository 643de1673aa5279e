// Tells the tax agency (SKAT) about the new CPR number so a tax card can follow (Task_NotifyTaxAgency in
// cpr-application). Idempotent: one notice per application, whatever the retries.
import { caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'notify-tax-agency';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }) {
    await caseFile.authorities.notifyTaxAgency(applicationId, actorOf(type));
    return {};
  },
});
