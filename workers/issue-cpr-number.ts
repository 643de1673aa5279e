// Assigns the applicant's CPR number after the front office checked identity and originals, or records the
// administrative number SIRI already gave (Task_IssueCprNumber in cpr-application).
// Idempotent: the register is keyed by the application, so a retried job returns the number already issued.
// The number stays out of the process variables: they are visible to anyone who can see the engine.
import type { JSONSchemaType } from 'ajv';
import { caseInput, defineWorker, type CaseInput } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'issue-cpr-number';

interface Output {
  isCprNumberIssued: boolean;
}
const output: JSONSchemaType<Output> = {
  type: 'object',
  properties: { isCprNumberIssued: { type: 'boolean' } },
  required: ['isCprNumberIssued'],
  additionalProperties: false,
};

export default defineWorker<CaseInput, Output, WorkerDeps>({
  type,
  input: caseInput,
  output,
  async handle({ applicationId }, { caseFile }) {
    const actor = actorOf(type);
    await caseFile.appointments.markAttended(applicationId, actor);
    await caseFile.authorities.issueCprNumber(applicationId, actor);
    return { isCprNumberIssued: true };
  },
});
