// Synthetic caseworkers: the back office reviews (complete when nothing is missing, a hearing when
// something is, a rejection now and then) and writes hearing requests; the front office meets the
// applicant (or records the no-show the citizen's plan says) and checks identity and originals.
import type { EngineClient } from '../../lib/engine-client/index.js';
import type { CitizenPlan } from './citizen.js';
import { chance, type Random } from './random.js';

export interface CaseworkerTally {
  /** Appointments held while the file still missed documents: the meetings the checklist should prevent. */
  appointmentsWithIncompleteFile: number;
}

export function startCaseworkers(client: EngineClient, random: Random, plans: Map<string, CitizenPlan>) {
  const tally: CaseworkerTally = { appointmentsWithIncompleteFile: 0 };
  const worker = client.createWorker({
    taskType: 'io.camunda.zeebe:userTask',
    maxJobsToActivate: 64,
    timeout: 60_000,
    pollInterval: 20,
    taskHandler: async (job) => {
      const variables = job.variables as {
        applicationId: string;
        missingDocuments?: string[];
        checklist?: { document: string; basis: string; uploadStatus: string }[];
      };
      const missing = variables.missingDocuments ?? [];
      switch (job.elementId) {
        case 'Task_ReviewApplication': {
          const outcome =
            missing.length === 0
              ? chance(random, 0.97)
                ? 'complete'
                : 'reject'
              : chance(random, 0.95)
                ? 'missing-documents'
                : 'reject';
          const checklist = (variables.checklist ?? []).map((item) => ({
            ...item,
            verdict: item.uploadStatus === 'present' ? 'accepted' : 'rejected',
            reason: item.uploadStatus === 'present' ? '' : `Document ${item.uploadStatus}`,
          }));
          return job.complete({ reviewOutcome: outcome, checklist });
        }
        case 'Task_PrepareHearingRequest':
          return job.complete({
            missingDocuments: missing,
            hearingMessage: 'Please upload the documents listed below so that we can continue with your case.',
            hearingMessageDa: 'Upload venligst dokumenterne herunder, så vi kan fortsætte med din sag.',
          });
        case 'Task_AttendAppointment': {
          const plan = plans.get(variables.applicationId);
          if (plan && plan.noShows > 0) {
            plan.noShows -= 1;
            return job.complete({ attendanceOutcome: 'no-show' });
          }
          if (missing.length > 0) tally.appointmentsWithIncompleteFile += 1;
          return job.complete({ attendanceOutcome: 'issue', isIdentityVerified: true, areOriginalsSeen: true });
        }
        default:
          return job.fail({ errorMessage: `no synthetic caseworker for ${job.elementId}`, retries: 0 });
      }
    },
  });
  return { tally, close: () => worker.close() };
}
