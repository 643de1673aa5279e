// The production overview's figures on a known data set: cases per status group and municipality, the age
// of open cases, submitted vs closed per ISO week (Copenhagen weeks), and booked vs offered seats ahead.
import { expect } from 'chai';
import type { CaseFile } from '../../cases/index.js';
import { createOverview, type Overview } from '../../cases/overview.js';
import type { WeeklyPattern } from '../../cases/appointments.js';
import { FakeClock, freshCaseFile, newApplication } from './fixtures.js';

const now = new Date('2026-03-11T10:00:00Z'); // a Wednesday in ISO week 2026-W11

/** Creates a case at `at` (postcode decides the municipality) and moves it to `status`. */
async function caseAt(
  caseFile: CaseFile,
  clock: FakeClock,
  at: string,
  status: Parameters<CaseFile['applications']['setStatus']>[1] | undefined,
  postcode = '1600',
): Promise<string> {
  clock.set(new Date(at));
  const input = newApplication({}, at.slice(0, 10));
  input.applicant.address.postcode = postcode;
  const { applicationId } = await caseFile.applications.create(input);
  if (status) await caseFile.applications.setStatus(applicationId, status, 'spec');
  return applicationId;
}

describe('cases: production overview', function () {
  this.timeout(30_000);

  describe('on cases of several ages, statuses and municipalities', () => {
    let overview: Overview;

    before(async () => {
      const clock = new FakeClock(now);
      const { knex, caseFile } = await freshCaseFile({ clock });
      await caseAt(caseFile, clock, '2026-03-10T09:00:00Z', undefined); // W11, submitted, 1 day
      await caseAt(caseFile, clock, '2026-02-25T10:00:00Z', 'awaiting-documents'); // W09, 14 days
      await caseAt(caseFile, clock, '2026-01-20T10:00:00Z', 'booked'); // W04, 50 days
      const withdrawn = await caseAt(caseFile, clock, '2026-02-25T12:00:00Z', 'in-review'); // W09
      clock.set(new Date('2026-03-04T12:00:00Z')); // closed in W10
      await caseFile.applications.setStatus(withdrawn, 'closed-withdrawn', 'spec');
      await caseAt(caseFile, clock, '2025-12-01T10:00:00Z', 'in-review', '1850'); // Frederiksberg, 100 days
      clock.set(now);
      overview = createOverview({ knex, clock });
    });

    it('counts the cases of each status group', async () => {
      expect(await overview.groups()).to.deep.equal({
        'in-progress': 2,
        'awaiting-citizen': 1,
        'ready-for-attendance': 1,
        closed: 1,
      });
    });

    it('counts per municipality, listing every served municipality', async () => {
      const rows = await overview.municipalities();
      expect(rows.find((row) => row.code === '101')).to.deep.include({
        name: 'København',
        counts: { 'in-progress': 1, 'awaiting-citizen': 1, 'ready-for-attendance': 1, closed: 1 },
        open: 3,
        total: 4,
      });
      expect(rows.find((row) => row.code === '147')).to.deep.include({ open: 1, total: 1 });
      expect(rows.find((row) => row.code === '270')).to.deep.include({ open: 0, total: 0 });
      expect(rows).to.have.length(28);
    });

    it('puts open cases in age buckets by days since submission', async () => {
      const totals = Object.fromEntries((await overview.ageing()).map((row) => [row.bucket, row.total]));
      expect(totals).to.deep.equal({ '0-7': 1, '8-14': 1, '15-30': 0, '31-60': 1, '61+': 1 });
      const oldest = (await overview.ageing()).at(-1);
      expect(oldest?.counts['in-progress']).to.equal(1);
    });

    it('counts submitted and closed per ISO week, the last weeks up to this one', async () => {
      const weeks = await overview.throughput(12);
      expect(weeks).to.have.length(12);
      expect(weeks.at(-1)).to.deep.equal({ week: '2026-W11', weekStart: '2026-03-09', submitted: 1, closed: 0 });
      expect(weeks[0]).to.deep.include({ week: '2025-W52', weekStart: '2025-12-22' });
      const busy = weeks.filter((w) => w.submitted > 0 || w.closed > 0).map((w) => [w.week, w.submitted, w.closed]);
      expect(busy).to.deep.equal([
        ['2026-W04', 1, 0],
        ['2026-W09', 2, 0],
        ['2026-W10', 0, 1],
        ['2026-W11', 1, 0],
      ]);
    });
  });

  it('sums booked and offered seats per week ahead', async () => {
    // given two 15-minute slots of two seats on the Monday of next week, and one booking
    const clock = new FakeClock(now);
    const { knex, caseFile } = await freshCaseFile({ clock });
    const pattern: WeeklyPattern = {
      slotMinutes: 15,
      closedWeekdays: [],
      desks: [{ desk: 'desk-1', capacity: 2, hours: { 1: [{ from: '10:00', to: '10:30' }] } }],
    };
    await caseFile.appointments.openSlots({ from: '2026-03-16', to: '2026-03-16' }, { pattern });
    const applicationId = await caseAt(caseFile, clock, '2026-03-11T09:00:00Z', 'documents-received');
    clock.set(now);
    const invitation = await caseFile.appointments.invite(applicationId, 'spec-invite', 'spec');
    const [slot] = await caseFile.appointments.listBookable(now, new Date('2026-03-20T00:00:00Z'), 'regular');
    await caseFile.appointments.book(invitation.token ?? '', slot?.id ?? '');
    // when the overview sums the weeks ahead
    const weeks = await createOverview({ knex, clock }).appointmentLoad(3);
    // then next week carries the seats and the booking
    expect(weeks).to.deep.equal([
      { week: '2026-W11', weekStart: '2026-03-09', capacity: 0, booked: 0 },
      { week: '2026-W12', weekStart: '2026-03-16', capacity: 4, booked: 1 },
      { week: '2026-W13', weekStart: '2026-03-23', capacity: 0, booked: 0 },
    ]);
  });

  it('counts open tasks per group, with the overdue and the unclaimed', async () => {
    const clock = new FakeClock(now);
    const { knex, caseFile } = await freshCaseFile({ clock });
    let serial = 0;
    const task = async (groups: string[], dueDate: string, assignee?: string) => {
      serial += 1;
      const key = String(2_251_799_813_700_000 + serial);
      await caseFile.tasks.upsertFromJob(
        {
          jobKey: key,
          processInstanceKey: key,
          processDefinitionKey: key,
          bpmnProcessId: 'cpr-application',
          elementId: 'Task_ReviewApplication',
          elementInstanceKey: key,
          customHeaders: {
            'io.camunda.zeebe:candidateGroups': JSON.stringify(groups),
            'io.camunda.zeebe:dueDate': dueDate,
            ...(assignee ? { 'io.camunda.zeebe:assignee': assignee } : {}),
          },
          variables: {},
        },
        'spec',
      );
    };
    await task(['back-office'], '2026-03-10T22:59:59Z'); // due yesterday
    await task(['back-office'], '2026-03-12T22:59:59Z', 'bo'); // due tomorrow, claimed
    await task(['front-office'], '2026-03-11T09:00:00Z'); // an hour ago
    const rows = await createOverview({ knex, clock }).tasks();
    expect(rows).to.deep.equal([
      { group: 'back-office', open: 2, overdue: 1, unassigned: 1 },
      { group: 'front-office', open: 1, overdue: 1, unassigned: 1 },
    ]);
  });
});
