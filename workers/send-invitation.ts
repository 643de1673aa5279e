// Invites the citizen to book an appointment: a booking link by mail (Task_InviteToBook in cpr-application).
// Idempotent: the invitation is keyed by the job key, so a retry finds the invitation it made.
import { demandsLivingAtAddress } from '../cases/checklist.js';
import { defineWorker } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';
import {
  bookingInput,
  bookingOutput,
  deadlineVariable,
  timerDuration,
  type BookingInput,
  type BookingOutput,
} from './timer-variables.js';

const type = 'send-invitation';

export default defineWorker<BookingInput, BookingOutput, WorkerDeps>({
  type,
  input: bookingInput,
  output: bookingOutput,
  async handle({ applicationId, bookingExpiresAfter, requiredDocuments }, { caseFile }, job) {
    const bookWithin = timerDuration('bookingExpiresAfter', bookingExpiresAfter);
    const invitation = await caseFile.appointments.invite(applicationId, job.jobKey, actorOf(type), {
      bookWithin,
      notBeforeMoveIn: demandsLivingAtAddress(requiredDocuments),
    });
    return { bookingDeadline: deadlineVariable(invitation.expiresAt) };
  },
});
