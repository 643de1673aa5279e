// The front office: today's appointments (Copenhagen time) with check-in, the attendance task opened from
// the appointment, and the CPR number once issued. The number is read per appointment through
// cases/authorities.ts, which audits each read, and only for the front office and team leads.
import { Router } from 'express';
import { localDate, isIsoDate } from '../../cases/clock.js';
import { formatCprNumber } from '../../cases/cpr-number.js';
import { createFrontDesk } from '../../cases/front-desk.js';
import { requireRole, staffActor } from '../auth/guards.js';
import { isLanguage, translator } from '../i18n.js';
import type { StaffDeps } from './index.js';

/** GET /staff/front-office and POST /staff/front-office/check-in/:bookingId. */
export function frontOfficeRoutes({ caseFile, knex }: StaffDeps): Router {
  const router = Router();
  const frontDesk = createFrontDesk({ knex, audit: caseFile.audit });
  const desk = requireRole('front-office', 'team-lead');

  router.get('/staff/front-office', desk, async (req, res) => {
    const today = localDate(caseFile.clock.now());
    const date = typeof req.query.date === 'string' && isIsoDate(req.query.date) ? req.query.date : today;
    const staff = res.locals.staff;
    const mayReadCpr = !!staff && (staff.roles.includes('front-office') || staff.roles.includes('team-lead'));
    const appointments = await frontDesk.appointmentsOn(date);
    const actor = staffActor(res);
    const rows = [];
    for (const appointment of appointments) {
      const cprNumber =
        mayReadCpr && appointment.isCprIssued
          ? await caseFile.authorities.cprNumberOf(appointment.applicationId, actor)
          : undefined;
      rows.push({ ...appointment, cprNumber: cprNumber && formatCprNumber(cprNumber) });
    }
    res.render('staff/front-office/day', { date, isToday: date === today, appointments: rows });
  });

  router.post('/staff/front-office/check-in/:bookingId', desk, async (req, res) => {
    await frontDesk.checkIn(String(req.params.bookingId), staffActor(res));
    const t = translator(isLanguage(res.locals.lang) ? res.locals.lang : 'en');
    req.session.flash = { kind: 'success', text: t('tasks:frontOffice.checkedIn') };
    const date = (req.body as Record<string, unknown>).date;
    res.redirect(303, `/staff/front-office${typeof date === 'string' && isIsoDate(date) ? `?date=${date}` : ''}`);
  });
  return router;
}
