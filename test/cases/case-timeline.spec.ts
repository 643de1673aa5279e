// cases/case-timeline: the audit log read as what happened to the case, without the reads.
import { expect } from 'chai';
import type { AuditEntry } from '../../cases/audit.js';
import { caseTimeline } from '../../cases/case-timeline.js';

let id = 0;
const entry = (actor: string, action: string, detail: AuditEntry['detail'] = {}): AuditEntry => {
  id += 1;
  return { id: String(id), at: new Date(Date.UTC(2026, 0, 5, 9, id)), actor, action, applicationId: 'a', detail };
};

describe('cases/case-timeline', () => {
  it('keeps the events that moved the case, in order, with who did them, and leaves out every read', () => {
    const timeline = caseTimeline([
      entry('citizen', 'application-created'),
      entry('citizen', 'document-uploaded', { documentId: 'd', kind: 'passport', version: 1 }),
      entry('worker:automatic-checklist', 'status-changed', { from: 'submitted', to: 'checking' }),
      entry('worker:automatic-checklist', 'documents-listed', { count: 1 }),
      entry('worker:automatic-checklist', 'status-changed', { from: 'checking', to: 'in-review' }),
      entry('staff:staff-ab12', 'application-read'),
      entry('staff:staff-ab12', 'task-completed', { jobKey: '1', elementId: 'Task_ReviewApplication' }),
      entry('worker:request-documents', 'hearing-opened', { hearingId: 'h', round: 1, missingDocuments: ['lease'] }),
      entry('citizen', 'hearing-answered'),
      entry('worker:issue-cpr-number', 'cpr-number-issued', { source: 'cpr', isNew: true }),
      entry('worker:issue-cpr-number', 'status-changed', { from: 'cpr-issued', to: 'closed-issued' }),
    ]);
    expect(timeline.map((e) => e.kind)).to.deep.equal([
      'submitted',
      'document-uploaded',
      'checked',
      'task-completed',
      'hearing-sent',
      'hearing-answered',
      'cpr-issued',
      'closed',
    ]);
    expect(timeline[1]?.detail).to.deep.equal({ document: 'passport' });
    expect(timeline[3]?.actor).to.deep.equal({ kind: 'staff', username: 'staff-ab12' });
    expect(timeline[3]?.detail).to.deep.equal({ elementId: 'Task_ReviewApplication' });
    expect(timeline[4]?.detail).to.deep.equal({ round: '1' });
    expect(timeline[6]?.actor).to.deep.equal({ kind: 'system' });
    expect(timeline[7]?.detail).to.deep.equal({ status: 'closed-issued' });
  });
});
