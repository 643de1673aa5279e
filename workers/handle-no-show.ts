// Records that the citizen did not come and invites them to book again (Task_HandleNoShow in
// cpr-application). Idempotent: keyed by the job key, so a retry neither marks twice nor invites twice.
import { defineWorker, noVariables, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';
import { bookingInput, timerDuration, type BookingInput } from './timer-variables.js';

const type = 'handle-no-show';

export default defineWorker<BookingInput, NoVariables, WorkerDeps>({
  type,
  input: bookingInput,
  output: noVariables,
  async handle({ applicationId, bookingExpiresAfter }, { caseFile }, job) {
    const bookWithin = timerDuration('bookingExpiresAfter', bookingExpiresAfter);
    await caseFile.appointments.markNoShow(applicationId, job.jobKey, actorOf(type), { bookWithin });
    return {};
  },
});
