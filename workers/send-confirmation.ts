// Tells the citizen they are registered, and closes the case (Task_SendConfirmation in cpr-application). The
// mail carries no CPR number (cases/mail-templates.ts): the desk handed it over on the registration confirmation.
// Idempotent: the mail's dedupe key is per case and closing a closed case as issued is a no-op.
import { ConflictError } from '../lib/errors/index.js';
import { caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'send-confirmation';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }) {
    const actor = actorOf(type);
    const { status } = await caseFile.applications.get(applicationId, actor);
    if (status !== 'cpr-issued' && status !== 'closed-issued')
      throw new ConflictError('no CPR number has been issued for this application', { applicationId });
    await caseFile.outbox.notify(applicationId, { template: 'cpr-issued' }, { actor });
    await caseFile.applications.setStatus(applicationId, 'closed-issued', actor);
    return {};
  },
});
