// The front office through HTTP: a day's appointments in Copenhagen time with the case reference, check-in
// recorded once in the case's history, the attendance task opened from the appointment, and the CPR number
// shown once issued (each read audited), to the front office and team leads only.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { localDate } from '../../cases/clock.js';
import { newApplication } from '../cases/fixtures.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

describe('web: front office', function () {
  this.timeout(60_000);
  let web: TestWeb;

  before(async function () {
    this.timeout(120_000);
    web = await startTestWeb();
  });

  /** A booked case: a slot of its own two hours from now, booked through an invitation link. */
  async function bookedCase() {
    const { applicationId, reference } = await web.caseFile.applications.create(newApplication());
    const startsAt = new Date(Date.now() + 2 * 3_600_000);
    const slotId = randomUUID();
    await web.knex('appointment_slots').insert({
      id: slotId,
      desk: `desk-${slotId.slice(0, 8)}`,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 15 * 60_000),
      capacity: 1,
      kind: 'regular',
    });
    const invitation = await web.caseFile.appointments.invite(applicationId, `spec-${slotId}`, 'spec');
    const booking = await web.caseFile.appointments.book(invitation.token ?? '', slotId);
    return { applicationId, reference, booking, day: localDate(startsAt) };
  }

  it("lists the day's appointments with check-in, once, recorded in the case's history", async () => {
    const { applicationId, reference, booking, day } = await bookedCase();
    const desk = await web.staffAgent(['front-office']);
    const page = (await desk.get(`/staff/front-office?date=${day}`).expect(200)).text;
    expect(page).to.contain(reference).and.contain(`/staff/front-office/check-in/${booking.id}`);
    for (let i = 0; i < 2; i += 1)
      await desk
        .post(`/staff/front-office/check-in/${booking.id}`)
        .type('form')
        .send({ _csrf: csrfOf(page), date: day })
        .expect(303)
        .expect('location', `/staff/front-office?date=${day}`);
    const after = (await desk.get(`/staff/front-office?date=${day}`).expect(200)).text;
    expect(after).to.contain('class="checked-in"').and.not.contain(`/staff/front-office/check-in/${booking.id}`);
    const checkIns = (await web.caseFile.audit.listForApplication(applicationId)).filter(
      (e) => e.action === 'appointment-checked-in',
    );
    expect(checkIns).to.have.length(1);
    expect(checkIns[0]?.actor).to.match(/^staff:staff-/);
  });

  it('opens the attendance task from the appointment and shows the CPR number once issued, audited', async () => {
    const { applicationId, booking, day } = await bookedCase();
    const tasks = web.caseFile.tasks;
    const jobKey = `${Date.now()}1`;
    await tasks.upsertFromJob(
      {
        jobKey,
        processInstanceKey: `${Date.now()}2`,
        processDefinitionKey: '1',
        bpmnProcessId: 'cpr-application',
        elementId: 'Task_AttendAppointment',
        elementInstanceKey: `${Date.now()}3`,
        customHeaders: { 'io.camunda.zeebe:candidateGroups': '["front-office"]' },
        variables: { applicationId },
      },
      'spec',
    );
    const lead = await web.staffAgent(['team-lead']);
    const page = (await lead.get(`/staff/front-office?date=${day}`).expect(200)).text;
    expect(page).to.contain(`href="/staff/tasks/${jobKey}"`).and.not.contain('class="cpr-number"');

    await web.caseFile.appointments.markAttended(applicationId, 'spec');
    const { cprNumber } = await web.caseFile.authorities.issueCprNumber(applicationId, 'spec');
    const shown = `${cprNumber.slice(0, 6)}-${cprNumber.slice(6)}`;
    const issued = (await lead.get(`/staff/front-office?date=${day}`).expect(200)).text;
    expect(issued).to.contain(shown).and.contain(booking.id);
    const reads = (await web.caseFile.audit.listForApplication(applicationId)).filter(
      (e) => e.action === 'cpr-number-read' && e.actor.startsWith('staff:'),
    );
    expect(reads).to.have.length(1);
  });

  it('is for the front office and team leads only', async () => {
    await (await web.staffAgent(['back-office'])).get('/staff/front-office').expect(403);
    await web.agent().get('/staff/front-office').expect(303);
    await (await web.staffAgent(['front-office'])).get('/staff/front-office').expect(200);
  });
});
