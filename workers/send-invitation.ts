// Invites the citizen to book an appointment: a booking link by mail (Task_InviteToBook in cpr-application).
// Idempotent: the invitation is keyed by the job key, so a retry finds the invitation it made.
import { caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'send-invitation';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }, job) {
    await caseFile.appointments.invite(applicationId, job.jobKey, actorOf(type));
    return {};
  },
});
