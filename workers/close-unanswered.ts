// Closes the case when the hearing expired without an answer, and tells the citizen
// (Task_CloseUnanswered in cpr-application). If the citizen answered at the last moment, after the timer
// fired but before their answer reached the process, the case is not closed: the BPMN error
// HEARING_ANSWERED takes it back to the checklist (Event_HearingAnsweredLate).
// Idempotent: closing a closed hearing changes nothing, and an answered hearing stays answered.
import { BpmnError, caseInput, defineWorker, noVariables, type CaseInput, type NoVariables } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'close-unanswered';

export default defineWorker<CaseInput, NoVariables, WorkerDeps>({
  type,
  input: caseInput,
  output: noVariables,
  async handle({ applicationId }, { caseFile }) {
    const actor = actorOf(type);
    const hearing = await caseFile.hearings.current(applicationId, actor);
    // checked before and not only after closing fails: an answer racing this job is caught by the retry
    if (hearing?.answeredAt) throw new BpmnError('HEARING_ANSWERED', 'the citizen answered the hearing in time');
    await caseFile.hearings.closeUnanswered(applicationId, actor);
    return {};
  },
});
