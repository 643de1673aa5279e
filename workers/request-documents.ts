// Opens the hearing: the citizen's hearing page lists exactly what is missing with the caseworker's message,
// and the mail with its private link goes out (Task_RequestDocuments in cpr-application).
// The citizen has until the end of the day hearingReminderAfter plus hearingExpiresAfter reach; that one
// deadline is the link's expiry, the date in the mails and the page, and hearingDeadline for the expiry timer.
// Idempotent: the hearing round is keyed by the job key, so a retried job finds the round it opened.
import type { JSONSchemaType } from 'ajv';
import { defineWorker } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';
import { deadlineVariable, timerDuration, timerVariableSchema } from './timer-variables.js';

const type = 'request-documents';

interface Input {
  applicationId: string;
  missingDocuments: string[];
  hearingMessage: string;
  hearingMessageDa?: string | null;
  hearingReminderAfter?: string | null;
  hearingExpiresAfter?: string | null;
  /** the review's checklist, whose reasons the hearing page shows beside each document */
  checklist?: { document: string; verdict?: string | null; reason?: string | null }[] | null;
}
interface Output {
  hearingRound: number;
  /** the deadline Timer_HearingExpired waits for, the same instant the hearing's texts print */
  hearingDeadline: string;
}

const input: JSONSchemaType<Input> = {
  type: 'object',
  properties: {
    applicationId: { type: 'string', minLength: 1 },
    missingDocuments: { type: 'array', items: { type: 'string' }, minItems: 1 },
    hearingMessage: { type: 'string' },
    hearingMessageDa: { type: 'string', nullable: true },
    hearingReminderAfter: timerVariableSchema,
    hearingExpiresAfter: timerVariableSchema,
    checklist: {
      type: 'array',
      nullable: true,
      items: {
        type: 'object',
        properties: {
          document: { type: 'string' },
          verdict: { type: 'string', nullable: true },
          reason: { type: 'string', nullable: true },
        },
        required: ['document'],
      },
    },
  },
  required: ['applicationId', 'missingDocuments', 'hearingMessage'],
};
const output: JSONSchemaType<Output> = {
  type: 'object',
  properties: { hearingRound: { type: 'integer' }, hearingDeadline: { type: 'string', minLength: 20 } },
  required: ['hearingRound', 'hearingDeadline'],
  additionalProperties: false,
};

export default defineWorker<Input, Output, WorkerDeps>({
  type,
  input,
  output,
  async handle(input, { caseFile }, job) {
    const { applicationId, missingDocuments, hearingMessage, hearingMessageDa } = input;
    // the link lasts through both waits of the hearing: until the reminder, then until the expiry
    const answerWithin = [
      timerDuration('hearingReminderAfter', input.hearingReminderAfter),
      timerDuration('hearingExpiresAfter', input.hearingExpiresAfter),
    ];
    const opened = await caseFile.hearings.open(
      applicationId,
      {
        idempotencyKey: job.jobKey,
        missingDocuments,
        reasons: Object.fromEntries(
          (input.checklist ?? [])
            .filter((line) => line.verdict === 'rejected' && typeof line.reason === 'string')
            .map((line) => [line.document, line.reason ?? '']),
        ),
        message: hearingMessage,
        messageDa: hearingMessageDa ?? hearingMessage,
        answerWithin,
      },
      actorOf(type),
    );
    return { hearingRound: opened.round, hearingDeadline: deadlineVariable(opened.expiresAt) };
  },
});
