// Closes the case when the booking link lapsed unused, and tells the citizen (Task_CloseUnbooked in
// cpr-application). If the citizen booked at the last moment, after the timer fired but before their booking
// reached the process, the case is not closed: the BPMN error APPOINTMENT_BOOKED takes it on to the booking's
// confirmation (Event_BookedAtLastMoment).
// Idempotent: the case file closes once and answers the same on a retry; a booking made first always wins,
// because booking and closing lock the case in turn.
import { BpmnError, caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'close-unbooked';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }) {
    const { booked } = await caseFile.appointments.closeUnbooked(applicationId, actorOf(type));
    if (booked) throw new BpmnError('APPOINTMENT_BOOKED', 'the citizen booked before the link lapsed');
    return {};
  },
});
