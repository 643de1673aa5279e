// cases/statuses: the four groups caseworkers follow, derived from the fine-grained status.
import { expect } from 'chai';
import { applicationStatuses, isClosedStatus, statusesIn, statusGroup } from '../../cases/statuses.js';

describe('cases/statuses', () => {
  it('maps every status to the group a caseworker follows it in', () => {
    const expected = {
      submitted: 'in-progress',
      checking: 'in-progress',
      'in-review': 'in-progress',
      'documents-received': 'in-progress',
      'cpr-issued': 'in-progress',
      'awaiting-documents': 'awaiting-citizen',
      'awaiting-booking': 'awaiting-citizen',
      'no-show': 'awaiting-citizen',
      booked: 'ready-for-attendance',
      'closed-issued': 'closed',
      'closed-rejected': 'closed',
      'closed-unanswered': 'closed',
      'closed-withdrawn': 'closed',
      'closed-unbooked': 'closed',
    } as const;
    expect(Object.keys(expected)).to.have.members([...applicationStatuses]);
    for (const status of applicationStatuses) expect(statusGroup(status), status).to.equal(expected[status]);
  });

  it('counts exactly the closed-* statuses as closed, and lists a group by its statuses', () => {
    for (const status of applicationStatuses)
      expect(isClosedStatus(status), status).to.equal(status.startsWith('closed-'));
    expect(statusesIn('ready-for-attendance')).to.deep.equal(['booked']);
  });
});
