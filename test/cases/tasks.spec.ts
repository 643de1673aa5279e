// The task list repository and the completion rules: a job becomes one task however often it is activated,
// what the headers say lands in the columns, each role sees its groups' tasks, claims do not overlap, a
// closed case's tasks are cancelled, and a completed form sends only its own, checked fields.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { CaseFile } from '../../cases/index.js';
import {
  canWork,
  completionVariables,
  formData,
  headerList,
  taskHeaders,
  type TaskTab,
  type Tasks,
  type UserTaskJob,
} from '../../cases/tasks.js';
import { ConflictError, ValidationError } from '../../lib/errors/index.js';
import { freshCaseFile, newApplication, rejection } from './fixtures.js';

let serial = 0;
const key = () => `${Date.now()}${String((serial += 1)).padStart(4, '0')}`;

function job(overrides: Partial<UserTaskJob> = {}, headers: Record<string, string> = {}): UserTaskJob {
  return {
    jobKey: key(),
    processInstanceKey: key(),
    processDefinitionKey: '2251799813685249',
    bpmnProcessId: 'cpr-application',
    elementId: 'Task_ReviewApplication',
    elementInstanceKey: key(),
    customHeaders: {
      'io.camunda.zeebe:formKey': '2251799813685250',
      'io.camunda.zeebe:candidateGroups': '["back-office"]',
      ...headers,
    },
    variables: {},
    ...overrides,
  };
}

const reviewSchema = {
  id: 'back-office-review',
  components: [
    { type: 'text', id: 't', text: 'x' },
    {
      type: 'dynamiclist',
      id: 'l',
      path: 'checklist',
      components: [
        { type: 'textfield', id: 'a', key: 'basis', readonly: true },
        {
          type: 'radio',
          id: 'b',
          key: 'verdict',
          validate: { required: true },
          values: [{ value: 'accepted' }, { value: 'rejected' }],
        },
        {
          type: 'radio',
          id: 'c0',
          key: 'reasonCode',
          values: [{ value: 'missing' }, { value: 'unreadable' }, { value: 'other' }],
          conditional: { hide: '=x' },
        },
        { type: 'textfield', id: 'c', key: 'reason', validate: { maxLength: 500 }, conditional: { hide: '=x' } },
      ],
    },
    {
      type: 'radio',
      id: 'd',
      key: 'reviewOutcome',
      validate: { required: true },
      values: [{ value: 'complete' }, { value: 'missing-documents' }, { value: 'reject' }],
    },
    { type: 'textarea', id: 'e', key: 'reviewNote', validate: { maxLength: 2000 } },
  ],
};

const checklist = [
  { document: 'passport', basis: 'Passport', uploadStatus: 'present' },
  { document: 'lease', basis: 'Lease', uploadStatus: 'missing' },
];

describe('cases: task list', function () {
  this.timeout(60_000);
  let knex: Knex;
  let caseFile: CaseFile;
  let tasks: Tasks;

  before(async function () {
    this.timeout(120_000);
    ({ knex, caseFile } = await freshCaseFile());
    tasks = caseFile.tasks;
  });

  const user = () => `user-${randomBytes(3).toString('hex')}`;

  describe('headers', () => {
    it('reads candidate lists as Zeebe sends them (a JSON array string) and as a comma list', () => {
      expect(headerList('["back-office","front-office"]')).to.deep.equal(['back-office', 'front-office']);
      expect(headerList('a, b')).to.deep.equal(['a', 'b']);
      expect(headerList(undefined)).to.deep.equal([]);
    });

    it('reads form key, assignee and the dates', () => {
      const headers = taskHeaders({
        'io.camunda.zeebe:formKey': '42',
        'io.camunda.zeebe:assignee': 'bo',
        'io.camunda.zeebe:dueDate': '2026-12-01T10:00:00+01:00',
        'io.camunda.zeebe:followUpDate': '2026-11-30T10:00:00Z[UTC]',
      });
      expect(headers.formKey).to.equal('42');
      expect(headers.assignee).to.equal('bo');
      expect(headers.dueAt?.toISOString()).to.equal('2026-12-01T09:00:00.000Z');
      expect(headers.followUpAt?.toISOString()).to.equal('2026-11-30T10:00:00.000Z');
    });
  });

  describe('the inbox side', () => {
    it('stores a job once: activated again after its timeout, it is the same task, and the claim stays', async () => {
      const { applicationId } = await caseFile.applications.create(newApplication());
      const first = job({ variables: { applicationId } }, { 'io.camunda.zeebe:dueDate': '2026-12-01T10:00:00Z' });
      const stored = await tasks.upsertFromJob(first, 'spec');
      expect(stored.isNew).to.equal(true);
      expect(stored.task).to.include({ applicationId, formKey: '2251799813685250', status: 'open' });
      expect(stored.task.candidateGroups).to.deep.equal(['back-office']);
      await tasks.claim(first.jobKey, 'bo', 'spec');
      const again = await tasks.upsertFromJob({ ...first, variables: { applicationId, more: 1 } }, 'spec');
      expect(again.isNew).to.equal(false);
      expect(again.task.assignee).to.equal('bo');
      expect(again.task.variables).to.deep.equal({ applicationId, more: 1 });
      const rows = await knex('user_tasks').where({ job_key: first.jobKey });
      expect(rows).to.have.length(1);
      const created = (await caseFile.audit.listForApplication(applicationId)).filter(
        (e) => e.action === 'task-created',
      );
      expect(created).to.have.length(1);
    });

    it('links a task to a case only when the case is ours (a shared Zeebe serves other processes too)', async () => {
      const { task } = await tasks.upsertFromJob(job({ variables: { applicationId: 'not-ours' } }), 'spec');
      expect(task.applicationId).to.equal(null);
    });
  });

  describe('the list', () => {
    it('shows each role its groups, the team lead everything, and "mine" only the claimed', async () => {
      const back = await tasks.upsertFromJob(job(), 'spec');
      const front = await tasks.upsertFromJob(
        job({ elementId: 'Task_AttendAppointment' }, { 'io.camunda.zeebe:candidateGroups': '["front-office"]' }),
        'spec',
      );
      const bo = user();
      const keys = async (tab: TaskTab, groups: string[] | 'all', username = bo) =>
        (await tasks.list({ tab }, { username, groups }, 'spec')).map((t) => t.jobKey);
      expect(await keys('unassigned', ['back-office']))
        .to.include(back.task.jobKey)
        .and.not.include(front.task.jobKey);
      expect(await keys('all', ['front-office']))
        .to.include(front.task.jobKey)
        .and.not.include(back.task.jobKey);
      expect(await keys('all', 'all')).to.include.members([back.task.jobKey, front.task.jobKey]);
      await tasks.claim(back.task.jobKey, bo, 'spec');
      expect(await keys('mine', ['back-office'])).to.deep.equal([back.task.jobKey]);
      expect(await keys('unassigned', ['back-office'])).to.not.include(back.task.jobKey);
      expect(await keys('work', ['back-office'])).to.include(back.task.jobKey);
      expect(await keys('work', ['back-office'], user())).to.not.include(back.task.jobKey);
      expect(canWork(front.task, { username: bo, groups: ['back-office'] })).to.equal(false);
      expect(canWork(front.task, { username: bo, groups: 'all' })).to.equal(true);
    });

    it('filters by municipality, profile, due date and overdue, and sorts by due date', async () => {
      const study = await caseFile.applications.create(
        newApplication({
          profile: { purpose: 'study', citizenshipGroup: 'eu', moveInDate: '2026-03-01', isMarried: false },
          family: [],
        }),
      );
      const municipalityCode = (await caseFile.applications.get(study.applicationId, 'spec')).municipalityCode;
      const late = await tasks.upsertFromJob(
        job(
          { variables: { applicationId: study.applicationId } },
          { 'io.camunda.zeebe:dueDate': '2020-01-01T10:00:00Z' },
        ),
        'spec',
      );
      const soon = await tasks.upsertFromJob(
        job(
          { variables: { applicationId: study.applicationId } },
          { 'io.camunda.zeebe:dueDate': '2099-01-01T10:00:00Z' },
        ),
        'spec',
      );
      const viewer = { username: user(), groups: 'all' as const };
      const list = (filter: Parameters<Tasks['list']>[0]) =>
        tasks.list({ tab: 'all', ...filter }, viewer, 'spec').then((l) => l.map((t) => t.jobKey));
      const studies = await list({ purpose: 'study', citizenshipGroup: 'eu', municipalityCode });
      expect(studies).to.deep.equal([late.task.jobKey, soon.task.jobKey]);
      expect(await list({ purpose: 'study', sort: 'due', descending: true })).to.deep.equal([
        soon.task.jobKey,
        late.task.jobKey,
      ]);
      expect(await list({ purpose: 'study', overdue: true })).to.deep.equal([late.task.jobKey]);
      expect(await list({ purpose: 'study', dueBy: new Date('2030-01-01') })).to.deep.equal([late.task.jobKey]);
      expect(await list({ purpose: 'study', municipalityCode: '999' })).to.deep.equal([]);
      const [overdue] = await tasks.list({ tab: 'all', purpose: 'study', overdue: true }, viewer, 'spec');
      expect(overdue?.isOverdue).to.equal(true);
      expect(overdue?.reference).to.match(/^IH-/);
      // the row names the applicant and the municipality, and showing the name is a read of the case
      expect(overdue?.applicantName).to.equal('Asha Raghunathan');
      expect(overdue?.municipalityName).to.be.a('string').and.not.match(/^\d+$/);
      const listed = (await caseFile.audit.listForApplication(study.applicationId)).filter(
        (e) => e.action === 'application-listed-in-tasks',
      );
      expect(listed.length).to.be.greaterThan(0);
      expect(listed[0]?.actor).to.equal('spec');
    });
  });

  describe('claims', () => {
    it('lets one person claim, refuses a second, and gives back only to the holder or a team lead', async () => {
      const { task } = await tasks.upsertFromJob(job(), 'spec');
      const [a, b] = [user(), user()];
      await tasks.claim(task.jobKey, a, 'spec');
      await tasks.claim(task.jobKey, a, 'spec');
      expect(await rejection(tasks.claim(task.jobKey, b, 'spec'))).to.be.instanceOf(ConflictError);
      expect(await rejection(tasks.unclaim(task.jobKey, b, 'spec'))).to.be.instanceOf(ConflictError);
      expect((await tasks.unclaim(task.jobKey, b, 'spec', { anyone: true })).assignee).to.equal(null);
      expect((await tasks.assign(task.jobKey, b, 'spec')).assignee).to.equal(b);
    });

    it('ends tasks: completed by someone, or cancelled with the case; an ended task takes no claim', async () => {
      const { applicationId } = await caseFile.applications.create(newApplication());
      const one = await tasks.upsertFromJob(job({ variables: { applicationId } }), 'spec');
      const two = await tasks.upsertFromJob(job({ variables: { applicationId } }), 'spec');
      await tasks.markCompleted(one.task.jobKey, 'bo', 'staff:bo');
      expect(await tasks.cancelOpenForApplication(applicationId, 'spec')).to.equal(1);
      const byCase = await tasks.byApplication(applicationId);
      expect(byCase.map((t) => [t.jobKey, t.status])).to.have.deep.members([
        [one.task.jobKey, 'completed'],
        [two.task.jobKey, 'cancelled'],
      ]);
      expect((await tasks.get(one.task.jobKey))?.completedBy).to.equal('bo');
      expect(await rejection(tasks.claim(two.task.jobKey, 'bo', 'spec'))).to.be.instanceOf(ConflictError);
    });
  });

  describe('completion', () => {
    const variables = { applicationId: 'a', checklist, missingDocuments: ['lease'] };

    it("sends only the form's fields, keeps the process's checklist items, and names the hearing's documents", () => {
      const out = completionVariables(
        'back-office-review',
        reviewSchema,
        {
          applicationId: 'forged',
          reviewOutcome: 'missing-documents',
          checklist: [
            { verdict: 'accepted', basis: 'forged', document: 'forged' },
            { verdict: 'rejected', reason: 'Not signed' },
          ],
        },
        variables,
        'bo',
      );
      expect(out).to.deep.equal({
        reviewOutcome: 'missing-documents',
        reviewedBy: 'bo',
        checklist: [
          { ...checklist[0], verdict: 'accepted' },
          { ...checklist[1], verdict: 'rejected', reason: 'Not signed' },
        ],
        missingDocuments: ['lease'],
      });
    });

    it('refuses a missing choice, an unknown choice, a rejected upload without reason and a hearing with nothing missing', () => {
      const problems = (data: unknown) => {
        try {
          completionVariables('back-office-review', reviewSchema, data, variables, 'bo');
        } catch (error) {
          expect(error).to.be.instanceOf(ValidationError);
          return ((error as ValidationError).details.problems as { field: string }[]).map((p) => p.field);
        }
        return [];
      };
      expect(problems({ checklist: [{ verdict: 'accepted' }, { verdict: 'accepted' }] })).to.deep.equal([
        'reviewOutcome',
      ]);
      expect(
        problems({ reviewOutcome: 'maybe', checklist: [{ verdict: 'rejected' }, { verdict: 'rejected' }] }),
      ).to.deep.equal(['reviewOutcome', 'checklist[0].reasonCode']);
      // "other" without the caseworker's words
      expect(
        problems({
          reviewOutcome: 'missing-documents',
          checklist: [{ verdict: 'accepted' }, { verdict: 'rejected', reasonCode: 'other', reason: ' ' }],
        }),
      ).to.deep.equal(['checklist[1].reason']);
      expect(
        problems({ reviewOutcome: 'missing-documents', checklist: [{ verdict: 'accepted' }, { verdict: 'accepted' }] }),
      ).to.deep.equal(['checklist']);
      expect(problems({ reviewOutcome: 'complete', checklist: [{ verdict: 'accepted' }] })).to.deep.equal([
        'checklist',
      ]);
    });

    it('keeps a standard reason by its code and the caseworker’s own words under "other"', () => {
      const reasons = (reasonCode: string, reason: string) =>
        (
          completionVariables(
            'back-office-review',
            reviewSchema,
            {
              reviewOutcome: 'missing-documents',
              checklist: [{ verdict: 'rejected', reasonCode, reason }, { verdict: 'accepted' }],
            },
            variables,
            'bo',
          ).checklist as { reason?: string }[]
        )[0]?.reason;
      expect(reasons('unreadable', 'left over from "other"')).to.equal('unreadable');
      expect(reasons('other', '  Not signed by the landlord ')).to.equal('Not signed by the landlord');
    });

    it('gives a rejected document the automatic check found missing its reason', () => {
      const out = completionVariables(
        'back-office-review',
        reviewSchema,
        { reviewOutcome: 'missing-documents', checklist: [{ verdict: 'accepted' }, { verdict: 'rejected' }] },
        variables,
        'bo',
      );
      expect((out.checklist as { reason?: string }[])[1]?.reason).to.equal('missing');
    });

    it('opens the hearing request with the rejected documents and a message naming them', () => {
      const data = formData('hearing-request', {
        checklist: [
          { ...checklist[0], verdict: 'rejected', reason: 'Expired' },
          { ...checklist[1], verdict: 'accepted' },
        ],
        missingDocuments: [],
      });
      expect(data.missingDocuments).to.deep.equal(['passport']);
      expect(data.hearingMessage).to.equal(
        'Please send us these documents:\n- Passport or national ID card showing place of birth: Expired',
      );
      expect(data.hearingMessageDa).to.equal(
        'Send os venligst disse dokumenter:\n- Pas eller nationalt ID-kort med fødested: Expired',
      );
    });

    it('words the pre-filled hearing message for the citizen: their documents by name, not the checklist’s basis', () => {
      const data = formData('hearing-request', {
        checklist: [
          { ...checklist[0], basis: 'Everyone: passport (DOMAIN.md)', verdict: 'rejected', reason: 'missing' },
          { ...checklist[1], verdict: 'accepted' },
        ],
        missingDocuments: [],
      });
      expect(data.hearingMessage).to.contain('we have not received it');
      expect(data.hearingMessage).not.to.contain('Everyone:');
      expect(data.hearingMessageDa).to.contain('vi har ikke modtaget det');
    });
  });
});
