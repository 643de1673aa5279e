// Records that the citizen did not come and invites them to book again (Task_HandleNoShow in
// cpr-application). Idempotent: keyed by the job key, so a retry neither marks twice nor invites twice.
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

const type = 'handle-no-show';

export default defineWorker<BookingInput, BookingOutput, WorkerDeps>({
  type,
  input: bookingInput,
  output: bookingOutput,
  async handle({ applicationId, bookingExpiresAfter, requiredDocuments }, { caseFile }, job) {
    const bookWithin = timerDuration('bookingExpiresAfter', bookingExpiresAfter);
    const { invitation } = await caseFile.appointments.markNoShow(applicationId, job.jobKey, actorOf(type), {
      bookWithin,
      notBeforeMoveIn: demandsLivingAtAddress(requiredDocuments),
    });
    return { bookingDeadline: deadlineVariable(invitation.expiresAt) };
  },
});
