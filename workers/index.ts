// Every worker of the product, one per job type in processes/ (test/workers/contract.spec.ts checks it).
import type { WorkerDefinition } from './define-worker.js';
import type { WorkerDeps } from './deps.js';
import automaticChecklist from './automatic-checklist.js';
import closeUnanswered from './close-unanswered.js';
import closeUnbooked from './close-unbooked.js';
import closeWithdrawn from './close-withdrawn.js';
import confirmBooking from './confirm-booking.js';
import handleNoShow from './handle-no-show.js';
import issueCprNumber from './issue-cpr-number.js';
import notifyTaxAgency from './notify-tax-agency.js';
import requestDocuments from './request-documents.js';
import sendConfirmation from './send-confirmation.js';
import sendHearingReminder from './send-hearing-reminder.js';
import sendInvitation from './send-invitation.js';
import sendRejection from './send-rejection.js';

export const workerDefinitions: WorkerDefinition<WorkerDeps>[] = [
  automaticChecklist,
  requestDocuments,
  sendHearingReminder,
  closeUnanswered,
  sendRejection,
  sendInvitation,
  confirmBooking,
  closeUnbooked,
  handleNoShow,
  issueCprNumber,
  notifyTaxAgency,
  sendConfirmation,
  closeWithdrawn,
];
