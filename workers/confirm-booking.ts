// Confirms the booked appointment by mail and gives the front office's task its due time
// (Task_ConfirmBooking in cpr-application). Idempotent: one confirmation mail per booking.
import type { JSONSchemaType } from 'ajv';
import { caseInput, defineWorker, type CaseInput } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'confirm-booking';

interface Output {
  /** ISO date-time of the appointment: the due date of Task_AttendAppointment. */
  appointmentAt: string;
}
const output: JSONSchemaType<Output> = {
  type: 'object',
  properties: { appointmentAt: { type: 'string' } },
  required: ['appointmentAt'],
  additionalProperties: false,
};

export default defineWorker<CaseInput, Output, WorkerDeps>({
  type,
  input: caseInput,
  output,
  async handle({ applicationId }, { caseFile }) {
    const booking = await caseFile.appointments.confirm(applicationId, actorOf(type));
    return { appointmentAt: booking.startsAt.toISOString() };
  },
});
