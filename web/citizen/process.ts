// What the citizen pages ask of the engine: the checklist decision (the same DMN the back office runs), the
// start of a case's process, and the messages a citizen's action publishes. Messages carry a messageId, so a
// form posted twice publishes once: the engine refuses the second with ALREADY_EXISTS while the first is
// buffered, and that is success here.
import type { CaseFile } from '../../cases/index.js';
import type { RequiredDocument } from '../../cases/checklist.js';
import type { EngineClient } from '../../lib/engine-client/index.js';
import type { DecisionVariables } from './apply-form.js';

/** The documents the required-documents decision lists for a profile, each once, in the decision's order. */
export async function requiredDocuments(
  engine: EngineClient,
  variables: DecisionVariables,
): Promise<RequiredDocument[]> {
  const result = await engine.evaluateDecision({ decisionId: 'required-documents', variables: { ...variables } });
  const rows = JSON.parse(result.decisionOutput) as RequiredDocument[] | null;
  const seen = new Set<string>();
  return (rows ?? []).filter((row) => !seen.has(row.document) && seen.add(row.document));
}

/** Starts the case's process with its profile variables and records the instance on the case. */
export async function startCaseProcess(
  engine: EngineClient,
  caseFile: CaseFile,
  applicationId: string,
): Promise<string> {
  const variables = await caseFile.applications.profileVariables(applicationId, 'citizen');
  const started = await engine.createProcessInstance({ bpmnProcessId: 'cpr-application', variables: { ...variables } });
  await caseFile.applications.attachProcessInstance(applicationId, started.processInstanceKey, 'citizen', {
    processDefinitionKey: started.processDefinitionKey,
    version: started.version,
  });
  return started.processInstanceKey;
}

function isAlreadyExists(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === 6 || (typeof e.message === 'string' && e.message.includes('ALREADY_EXISTS'));
}

/** Publishes a message once per messageId; a duplicate still buffered counts as published. */
export async function publishOnce(
  engine: EngineClient,
  message: { name: string; correlationKey: string; messageId: string; timeToLive: number },
): Promise<void> {
  try {
    await engine.publishMessage({ ...message, variables: {} });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}

const hourMs = 3_600_000;

/** The citizen answered hearing round `round`: the round is in the key, so a late answer never counts for the next. */
export const documentsSubmitted = (applicationId: string, round: number, hearingId: string) => ({
  name: 'documents-submitted',
  correlationKey: `${applicationId}/hearing-${round}`,
  messageId: `documents-submitted:${hearingId}`,
  // the hearing page opens only once the process waits for the answer; a day covers a slow worker
  timeToLive: 24 * hourMs,
});

/** The citizen booked a seat. */
export const appointmentBooked = (applicationId: string, bookingId: string) => ({
  name: 'appointment-booked',
  correlationKey: applicationId,
  messageId: `appointment-booked:${bookingId}`,
  timeToLive: hourMs,
});

/** The citizen withdrew the application. */
export const applicationWithdrawn = (applicationId: string) => ({
  name: 'application-withdrawn',
  correlationKey: applicationId,
  messageId: `application-withdrawn:${applicationId}`,
  // the process listens only while it waits on a person (review, hearing, booking, attendance); the message
  // waits for the next of those, e.g. while the caseworker writes a hearing request
  timeToLive: 30 * 24 * hourMs,
});
