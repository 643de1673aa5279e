// My case (GET /case/:token): the status in plain words, what happens next, the documents sent and the
// appointment; and withdrawing the application, with a confirm step. Withdrawal is the process's business:
// the page publishes application-withdrawn and the process closes the case (Task_CloseWithdrawn).
import { Router } from 'express';
import { ConflictError } from '../../lib/errors/index.js';
import { documentLabel } from '../../cases/mail-templates.js';
import { isClosedStatus, type ApplicationStatus } from '../../cases/statuses.js';
import type { WebDeps } from '../deps.js';
import { languageOf, tokenOf } from './context.js';
import { applicationWithdrawn, publishOnce } from './process.js';

/** The citizen's words for the fine statuses: several statuses read the same to someone waiting. */
export const citizenStatus: Record<ApplicationStatus, string> = {
  submitted: 'received',
  checking: 'received',
  'in-review': 'in-review',
  'awaiting-documents': 'awaiting-documents',
  'documents-received': 'documents-received',
  'awaiting-booking': 'awaiting-booking',
  booked: 'booked',
  'no-show': 'no-show',
  'cpr-issued': 'issued',
  'closed-issued': 'issued',
  'closed-rejected': 'rejected',
  'closed-unanswered': 'closed-unanswered',
  'closed-withdrawn': 'withdrawn',
  'closed-unbooked': 'closed-unbooked',
};

/** Whether the citizen can still withdraw: not once the case is closed or the number issued. */
export const canWithdraw = (status: ApplicationStatus): boolean => !isClosedStatus(status) && status !== 'cpr-issued';

/** The My case routes (behind the private-link rate limit). */
export function casePageRoutes({ caseFile, engine }: WebDeps): Router {
  const router = Router();

  const load = async (token: string) => {
    const application = await caseFile.applications.findByAccessToken(token);
    const booking = await caseFile.appointments.currentBooking(application.id, 'citizen');
    // the process closes a withdrawn case moments later; until then the page already reads as withdrawn
    const isWithdrawing =
      !isClosedStatus(application.status) &&
      (await caseFile.audit.listForApplication(application.id)).some((e) => e.action === 'withdrawal-requested');
    return { application, booking, isWithdrawing };
  };

  router.get('/case/:token', async (req, res) => {
    const { application, booking, isWithdrawing } = await load(tokenOf(req));
    const language = languageOf(res);
    res.render('citizen/case', {
      token: tokenOf(req),
      application,
      status: isWithdrawing ? 'withdrawing' : citizenStatus[application.status],
      documents: application.documents.map((doc) => ({ ...doc, label: documentLabel(doc.kind, language) })),
      booking: booking?.status === 'booked' && !isWithdrawing ? booking : undefined,
      canWithdraw: canWithdraw(application.status) && !isWithdrawing,
    });
  });

  router.get('/case/:token/withdraw', async (req, res) => {
    const { application, isWithdrawing } = await load(tokenOf(req));
    if (!canWithdraw(application.status) || isWithdrawing) return res.redirect(303, `/case/${tokenOf(req)}`);
    res.render('citizen/case-withdraw', { token: tokenOf(req), application });
  });

  router.post('/case/:token/withdraw', async (req, res) => {
    const application = await caseFile.applications.findByAccessToken(tokenOf(req));
    if (!canWithdraw(application.status))
      throw new ConflictError('the case can no longer be withdrawn', { applicationId: application.id });
    await publishOnce(engine, applicationWithdrawn(application.id));
    await caseFile.audit.record({ actor: 'citizen', action: 'withdrawal-requested', applicationId: application.id });
    // the case page is the one confirmation: it shows the withdrawal as the case's state, with no button
    res.redirect(303, `/case/${tokenOf(req)}`);
  });

  return router;
}
