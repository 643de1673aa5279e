// cases/checklist: the required documents held against the newest uploads, as a table of cases.
import { expect } from 'chai';
import { evaluateChecklist, type UploadStatus } from '../../cases/checklist.js';

const required = [
  { document: 'passport', basis: 'Everyone' },
  { document: 'proof-of-address', basis: 'Everyone' },
  { document: 'residence-permit', basis: 'Other citizenship' },
];
const today = '2026-03-10';

describe('cases/checklist', () => {
  const table: { name: string; uploads: { kind: string; expiresOn: string | null }[]; statuses: UploadStatus[] }[] = [
    { name: 'nothing uploaded', uploads: [], statuses: ['missing', 'missing', 'missing'] },
    {
      name: 'everything uploaded, nothing expires',
      uploads: [
        { kind: 'passport', expiresOn: null },
        { kind: 'proof-of-address', expiresOn: null },
        { kind: 'residence-permit', expiresOn: null },
      ],
      statuses: ['present', 'present', 'present'],
    },
    {
      name: 'passport expired yesterday, permit expires today',
      uploads: [
        { kind: 'passport', expiresOn: '2026-03-09' },
        { kind: 'proof-of-address', expiresOn: null },
        { kind: 'residence-permit', expiresOn: '2026-03-10' },
      ],
      statuses: ['expired', 'present', 'present'],
    },
    {
      name: 'an upload nobody asked for counts for nothing',
      uploads: [
        { kind: 'marriage-certificate', expiresOn: null },
        { kind: 'passport', expiresOn: '2030-01-01' },
      ],
      statuses: ['present', 'missing', 'missing'],
    },
  ];

  for (const { name, uploads, statuses } of table)
    it(`evaluates: ${name}`, () => {
      const checklist = evaluateChecklist(required, uploads, today);
      expect(checklist.items.map((item) => item.uploadStatus)).to.deep.equal(statuses);
      expect(checklist.items.map((item) => item.document)).to.deep.equal(required.map((r) => r.document));
      expect(checklist.missingDocuments).to.deep.equal(
        required.filter((_, i) => statuses[i] !== 'present').map((r) => r.document),
      );
    });

  it('keeps the basis for the caseworker, and lists a document the decision repeats once', () => {
    const checklist = evaluateChecklist([...required, { document: 'passport', basis: 'again' }], [], today);
    expect(checklist.items).to.have.length(3);
    expect(checklist.items[0]).to.deep.equal({ document: 'passport', basis: 'Everyone', uploadStatus: 'missing' });
  });

  it('remembers the review before: an untouched document keeps its verdict, a re-sent one shows the old one', () => {
    const uploads = [
      { id: 'p1', kind: 'passport', expiresOn: null },
      { id: 'a2', kind: 'proof-of-address', expiresOn: null },
      { id: 'r1', kind: 'residence-permit', expiresOn: '2026-03-09' },
    ];
    const earlier = [
      { document: 'passport', documentId: 'p1', verdict: 'accepted' },
      { document: 'proof-of-address', documentId: 'a1', verdict: 'rejected', reason: 'Unreadable scan' },
      { document: 'residence-permit', documentId: 'r1', verdict: 'accepted' },
    ];
    const [passport, address, permit] = evaluateChecklist(required, uploads, today, earlier).items;
    // the citizen did not touch the passport: the verdict stands, to be changed only if the caseworker wants
    expect(passport).to.include({ documentId: 'p1', verdict: 'accepted' });
    // they sent a new lease in their answer: no verdict yet, and the old one beside it
    expect(address).to.include({ documentId: 'a2', earlierVerdict: 'rejected', earlierReason: 'Unreadable scan' });
    expect(address).to.not.have.property('verdict');
    // the same permit has expired since it was accepted: it needs a fresh look
    expect(permit).to.include({ uploadStatus: 'expired', earlierVerdict: 'accepted' });
    expect(permit).to.not.have.property('verdict');
  });

  it('carries the Danish basis where the decision gives it', () => {
    const [item] = evaluateChecklist([{ document: 'passport', basis: 'Everyone', basisDa: 'Alle' }], [], today).items;
    expect(item).to.deep.equal({ document: 'passport', basis: 'Everyone', basisDa: 'Alle', uploadStatus: 'missing' });
  });
});
