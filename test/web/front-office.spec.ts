// The front office through HTTP: a day's appointments in Copenhagen time with the case reference, check-in
// recorded once in the case's history, the attendance task opened from the appointment, and the CPR number
// shown once issued (each read audited) with its registration confirmation, to the front office and team
// leads only.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Response as AgentResponse } from 'superagent';
import { localDate } from '../../cases/clock.js';
import { newApplication } from '../cases/fixtures.js';
import { confirmationLines } from '../../web/staff/registration-confirmation.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

/** supertest's parser for a body kept as bytes. */
function binary(res: AgentResponse, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

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
    return { applicationId, reference, booking, slotId, day: localDate(startsAt) };
  }

  /**
   * The booked case with its appointment running now, so the desk may check it in (only on the appointment's
   * day within the office's hours, which are its slots': here the one slot from a minute ago).
   */
  async function caseAtTheDesk() {
    const booked = await bookedCase();
    const startsAt = new Date(Date.now() - 60_000);
    await web
      .knex('appointment_slots')
      .where({ id: booked.slotId })
      .update({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 15 * 60_000) });
    return { ...booked, day: localDate(startsAt) };
  }

  it("lists the day's appointments with check-in, once, recorded in the case's history", async () => {
    const { applicationId, reference, booking, day } = await caseAtTheDesk();
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

  it('hands the attendance task to the desk worker who checks the citizen in, and opens it', async () => {
    const { applicationId, booking, day } = await caseAtTheDesk();
    // the attendance task as the inbox stores it once the booking is confirmed: the front desk's, unassigned
    const key = () => String(4_503_599_627_370_496 + Math.floor(Math.random() * 1e12));
    const { task } = await web.caseFile.tasks.upsertFromJob(
      {
        jobKey: key(),
        processInstanceKey: key(),
        processDefinitionKey: key(),
        bpmnProcessId: 'cpr-application',
        elementId: 'Task_AttendAppointment',
        elementInstanceKey: key(),
        customHeaders: { 'io.camunda.zeebe:candidateGroups': '["front-office"]' },
        variables: { applicationId },
      },
      'spec',
    );
    expect(task.assignee).to.equal(null);
    const desk = await web.staffAgent(['front-office']);
    const page = (await desk.get(`/staff/front-office?date=${day}`).expect(200)).text;
    await desk
      .post(`/staff/front-office/check-in/${booking.id}`)
      .type('form')
      .send({ _csrf: csrfOf(page), date: day })
      .expect(303)
      .expect('location', `/staff/tasks/${task.jobKey}`);
    const assigned = await web.caseFile.tasks.get(task.jobKey);
    expect(assigned?.assignee).to.match(/^staff-/);
    const opened = (await desk.get(`/staff/tasks/${task.jobKey}`).expect(200)).text;
    expect(opened).to.contain('the meeting is yours');
  });

  it('refuses a check-in days before the appointment, saying when it is possible', async () => {
    const { applicationId, booking, slotId } = await bookedCase();
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    await web
      .knex('appointment_slots')
      .where({ id: slotId })
      .update({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 15 * 60_000) });
    const day = localDate(startsAt);
    const desk = await web.staffAgent(['front-office']);
    const page = (await desk.get(`/staff/front-office?date=${day}`).expect(200)).text;
    // no button on another day: the row says when check-in opens
    expect(page).to.contain('class="check-in-later"');
    expect(page).not.to.contain(`/staff/front-office/check-in/${booking.id}`);
    // and a post anyway is refused with the day and the hours
    await desk
      .post(`/staff/front-office/check-in/${booking.id}`)
      .type('form')
      .send({ _csrf: csrfOf(page), date: day })
      .expect(303);
    const refused = (await desk.get(`/staff/front-office?date=${day}`).expect(200)).text;
    const longDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' }).format(
      startsAt,
    );
    expect(refused).to.contain('alert-error').and.contain(`Not checked in: the appointment is on ${longDay}.`);
    const checkIns = (await web.caseFile.audit.listForApplication(applicationId)).filter(
      (e) => e.action === 'appointment-checked-in',
    );
    expect(checkIns).to.have.length(0);
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

  it('hands the CPR number over on a registration confirmation (PDF) for the desk only, each print audited', async () => {
    // given a case whose number was issued at the desk
    const { applicationId } = await bookedCase();
    await web.caseFile.appointments.markAttended(applicationId, 'spec');
    const { cprNumber } = await web.caseFile.authorities.issueCprNumber(applicationId, 'spec');
    const url = `/staff/front-office/registration/${applicationId}`;
    // when the desk opens the confirmation
    const desk = await web.staffAgent(['front-office']);
    const pdf = await desk.get(url).buffer(true).parse(binary).expect(200).expect('content-type', 'application/pdf');
    // then it is a one-page PDF, kept out of caches, and the print is in the audit log
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).to.equal('%PDF-');
    expect(body.toString('latin1').match(/\/Type \/Page\b/g)).to.have.length(1);
    expect(pdf.headers['cache-control']).to.equal('no-store');
    const printed = (await web.caseFile.audit.listForApplication(applicationId)).filter(
      (e) => e.action === 'registration-confirmation-printed',
    );
    expect(printed).to.have.length(1);
    // and it states the number first, as the desk reads it out, with the person and the address
    const application = await web.caseFile.applications.get(applicationId, 'spec');
    const facts = {
      ...application.applicant,
      reference: application.reference,
      municipality: 'København',
      moveInDate: application.moveInDate,
      cprNumber,
      issuedAt: new Date(),
    };
    const lines = confirmationLines(facts, 'en');
    expect(lines[0]).to.deep.equal(['CPR number', `${cprNumber.slice(0, 6)}-${cprNumber.slice(6)}`]);
    expect(lines.map(([label]) => label)).to.include.members(['Name', 'Date of birth', 'Address in Denmark']);
    expect(confirmationLines(facts, 'da')[0]?.[0]).to.equal('CPR-nummer');
    // nobody else gets it: not the back office, not a citizen, and not before a number exists
    await (await web.staffAgent(['back-office'])).get(url).expect(403);
    await web.agent().get(url).expect(303);
    const { applicationId: notYet } = await bookedCase();
    await desk.get(`/staff/front-office/registration/${notYet}`).expect(404);
  });

  it('is for the front office and team leads only', async () => {
    await (await web.staffAgent(['back-office'])).get('/staff/front-office').expect(403);
    await web.agent().get('/staff/front-office').expect(303);
    await (await web.staffAgent(['front-office'])).get('/staff/front-office').expect(200);
  });
});
