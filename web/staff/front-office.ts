// The front office: today's appointments (Copenhagen time) with check-in, the attendance task opened from
// the appointment, and the CPR number once issued. The number is read per appointment through
// cases/authorities.ts, which audits each read, only for the front office and team leads, and only within
// 12 hours of the appointment: a day view of another date says "issued" without reading any number. The
// registration confirmation (a PDF) hands the number to the citizen on paper; no mail carries it.
import { Router } from 'express';
import { clockTime, localDate, isIsoDate, longDate } from '../../cases/clock.js';
import { CheckInRefusedError, isWithin } from '../../cases/front-desk.js';
import { formatCprNumber } from '../../cases/cpr-number.js';
import { NotFoundError } from '../../lib/errors/index.js';
import { requireRole, staffActor } from '../auth/guards.js';
import { isLanguage, translator } from '../i18n.js';
import type { StaffDeps } from './index.js';
import { registrationConfirmationPdf } from './registration-confirmation.js';

/** How far from an appointment's time its CPR number is shown (and read, audited) on the day view. */
const deskWindowMs = 12 * 3_600_000;

/** GET /staff/front-office and POST /staff/front-office/check-in/:bookingId. */
export function frontOfficeRoutes({ caseFile }: StaffDeps): Router {
  const router = Router();
  const frontDesk = caseFile.frontDesk;
  const desk = requireRole('front-office', 'team-lead');

  /** The case's open task for the front desk (the attendance), if the inbox has it. */
  async function attendanceTaskFor(applicationId: string) {
    const open = (await caseFile.tasks.byApplication(applicationId)).filter((task) => task.status === 'open');
    return open.find((task) => task.candidateGroups.includes('front-office'));
  }

  router.get('/staff/front-office', desk, async (req, res) => {
    const today = localDate(caseFile.clock.now());
    const date = typeof req.query.date === 'string' && isIsoDate(req.query.date) ? req.query.date : today;
    const staff = res.locals.staff;
    const mayReadCpr = !!staff && (staff.roles.includes('front-office') || staff.roles.includes('team-lead'));
    const appointments = await frontDesk.appointmentsOn(date);
    const actor = staffActor(res);
    const rows = [];
    const now = caseFile.clock.now().getTime();
    for (const appointment of appointments) {
      // the number is for the person at the desk: shown around their appointment, not for any day one asks
      const isAtTheDesk = Math.abs(appointment.startsAt.getTime() - now) <= deskWindowMs;
      const cprNumber =
        mayReadCpr && appointment.isCprIssued && isAtTheDesk
          ? await caseFile.authorities.cprNumberOf(appointment.applicationId, actor)
          : undefined;
      rows.push({
        ...appointment,
        cprNumber: cprNumber && formatCprNumber(cprNumber),
        isCheckInOpen: isWithin(appointment.checkIn, caseFile.clock.now()),
        checkInHours: `${clockTime(appointment.checkIn.opens)}–${clockTime(appointment.checkIn.closes)}`,
      });
    }
    res.render('staff/front-office/day', { date, isToday: date === today, appointments: rows });
  });

  // the registration confirmation: the CPR number on paper for the citizen at the desk, never by mail
  router.get('/staff/front-office/registration/:applicationId', desk, async (req, res) => {
    const applicationId = String(req.params.applicationId);
    const actor = staffActor(res);
    const registration = await caseFile.authorities.registrationOf(applicationId, actor);
    if (!registration) throw new NotFoundError('no CPR number has been issued for this application', { applicationId });
    const application = await caseFile.applications.get(applicationId, actor);
    const { applicant } = application;
    const municipality = await caseFile.municipalities.municipalityForPostcode(applicant.address.postcode);
    const language = isLanguage(res.locals.lang) ? res.locals.lang : 'en';
    const pdf = await registrationConfirmationPdf(
      {
        reference: application.reference,
        givenName: applicant.givenName,
        familyName: applicant.familyName,
        birthDate: applicant.birthDate,
        nationality: applicant.nationality,
        address: applicant.address,
        municipality: municipality.name,
        moveInDate: application.moveInDate,
        ...registration,
      },
      language,
    );
    await caseFile.audit.record({
      actor,
      action: 'registration-confirmation-printed',
      applicationId,
      detail: { language },
    });
    res
      .status(200)
      .set({
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="registration-${application.reference}.pdf"`,
        'Cache-Control': 'no-store',
      })
      .send(pdf);
  });

  router.post('/staff/front-office/check-in/:bookingId', desk, async (req, res) => {
    const language = isLanguage(res.locals.lang) ? res.locals.lang : 'en';
    const t = translator(language);
    try {
      const actor = staffActor(res);
      const { applicationId } = await frontDesk.checkIn(String(req.params.bookingId), actor);
      // the meeting is the desk worker's who checked the citizen in: the attendance task becomes theirs, opened
      const meeting = await attendanceTaskFor(applicationId);
      const username = res.locals.staff?.username ?? '';
      if (meeting && username) {
        if (meeting.assignee !== username) await caseFile.tasks.assign(meeting.jobKey, username, actor);
        req.session.flash = { kind: 'success', text: t('tasks:frontOffice.checkedInYours') };
        res.redirect(303, `/staff/tasks/${meeting.jobKey}`);
        return;
      }
      req.session.flash = { kind: 'success', text: t('tasks:frontOffice.checkedIn') };
    } catch (error) {
      if (!(error instanceof CheckInRefusedError)) throw error;
      // the desk tells the citizen when to come: the appointment's day and the office's hours that day
      const { day, opens, closes } = error.window;
      req.session.flash = {
        kind: 'error',
        text: t(`tasks:frontOffice.refused.${error.reason}`, {
          day: longDate(day, language),
          opens: clockTime(opens),
          closes: clockTime(closes),
        }),
      };
    }
    const date = (req.body as Record<string, unknown>).date;
    res.redirect(303, `/staff/front-office${typeof date === 'string' && isIsoDate(date) ? `?date=${date}` : ''}`);
  });
  return router;
}
