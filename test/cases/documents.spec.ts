// cases/documents: the type is what the bytes say, the size has a limit the error states, and a
// replacement is a new version beside the old one, which stays as it was.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { detectType } from '../../cases/documents.js';
import type { CaseFile } from '../../cases/index.js';
import { ValidationError } from '../../lib/errors/index.js';
import { FakeClock, files, freshCaseFile, newApplication, rejection } from './fixtures.js';

describe('cases/documents', function () {
  this.timeout(60_000);
  const clock = new FakeClock(new Date('2026-02-16T10:00:00Z'));
  let knex: Knex;
  let caseFile: CaseFile;
  let applicationId: string;
  before(async () => {
    ({ knex, caseFile } = await freshCaseFile({ clock, config: { documentMaxBytes: 64 * 1024 } }));
  });
  beforeEach(async () => {
    ({ applicationId } = await caseFile.applications.create(newApplication()));
  });

  it('detects PDF, JPEG and PNG by their first bytes, and nothing else', () => {
    expect(detectType(files.pdf)).to.equal('application/pdf');
    expect(detectType(files.jpeg)).to.equal('image/jpeg');
    expect(detectType(files.png)).to.equal('image/png');
    expect(detectType(files.exe)).to.equal(undefined);
    expect(detectType(Buffer.from('GIF89a'))).to.equal(undefined);
    expect(detectType(Buffer.alloc(0))).to.equal(undefined);
  });

  it('stores a PDF, a JPEG and a PNG whatever they are called, with hash, size and detected type', async () => {
    for (const [kind, content, filename, type] of [
      ['passport', files.pdf, 'scan.jpg', 'application/pdf'],
      ['proof-of-address', files.jpeg, 'lease.pdf', 'image/jpeg'],
      ['residence-permit', files.png, 'permit', 'image/png'],
    ] as const) {
      const stored = await caseFile.documents.upload(
        { applicationId, kind, filename, content, uploadedBy: 'citizen' },
        'citizen',
      );
      expect(stored).to.deep.include({
        kind,
        version: 1,
        filename,
        detectedType: type,
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        isNew: true,
      });
    }
  });

  it('refuses a Windows program renamed to .pdf, naming the allowed types and the limit', async () => {
    const error = await rejection(
      caseFile.documents.upload(
        { applicationId, kind: 'passport', filename: 'passport.pdf', content: files.exe, uploadedBy: 'citizen' },
        'citizen',
      ),
    );
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).message).to.equal('document must be a PDF, JPEG or PNG file of at most 64 KiB');
    expect((error as ValidationError).details).to.deep.include({
      maxBytes: 65536,
      allowedTypes: ['application/pdf', 'image/jpeg', 'image/png'],
    });
    expect(await knex('documents').where({ application_id: applicationId }).count({ n: '*' })).to.deep.equal([
      { n: '0' },
    ]);
  });

  it('refuses a file over the limit, saying the limit', async () => {
    const content = Buffer.concat([files.pdf, Buffer.alloc(64 * 1024)]);
    const error = await rejection(
      caseFile.documents.upload(
        { applicationId, kind: 'passport', filename: 'big.pdf', content, uploadedBy: 'citizen' },
        'citizen',
      ),
    );
    expect(error).to.be.instanceOf(ValidationError);
    expect((error as ValidationError).message).to.contain('64 KiB');
    expect((error as ValidationError).details).to.deep.include({ maxBytes: 65536, sizeBytes: content.length });
  });

  it('keeps a replacement as a new version and the first version intact', async () => {
    // given a passport scan
    const first = await caseFile.documents.upload(
      {
        applicationId,
        kind: 'passport',
        filename: 'old.pdf',
        content: files.pdf,
        expiresOn: '2026-01-01',
        uploadedBy: 'citizen',
      },
      'citizen',
    );
    // when the citizen replaces it
    const second = await caseFile.documents.upload(
      {
        applicationId,
        kind: 'passport',
        filename: 'new.png',
        content: files.png,
        expiresOn: '2034-01-01',
        uploadedBy: 'citizen',
      },
      'citizen',
    );
    // then it is version 2, the newest is what the case shows, and version 1 still has its bytes
    expect([first.version, second.version]).to.deep.equal([1, 2]);
    expect(
      (await caseFile.documents.latest(applicationId, 'caseworker:cw-1')).map((d) => [d.kind, d.version]),
    ).to.deep.equal([['passport', 2]]);
    expect(
      (await caseFile.documents.history(applicationId, 'passport', 'caseworker:cw-1')).map((d) => d.filename),
    ).to.deep.equal(['old.pdf', 'new.png']);
    const old = await caseFile.documents.content(first.id, 'caseworker:cw-1');
    expect(old.content.equals(files.pdf)).to.be.true;
    expect(old.expiresOn).to.equal('2026-01-01');
  });

  it('numbers concurrent uploads of one kind 1, 2, 3 and returns the same version for the same file again', async () => {
    const contents = [files.pdf, files.png, files.jpeg];
    const stored = await Promise.all(
      contents.map((content, i) =>
        caseFile.documents.upload(
          { applicationId, kind: 'proof-of-address', filename: `f${i}`, content, uploadedBy: 'citizen' },
          'citizen',
        ),
      ),
    );
    expect(stored.map((d) => d.version).sort()).to.deep.equal([1, 2, 3]);
    const latest = stored.find((d) => d.version === 3);
    const again = await caseFile.documents.upload(
      {
        applicationId,
        kind: 'proof-of-address',
        filename: 'again',
        content: contents[stored.indexOf(latest!)]!,
        uploadedBy: 'citizen',
      },
      'citizen',
    );
    expect(again).to.deep.include({ id: latest?.id, version: 3, isNew: false });
  });

  it('refuses, in the database itself, to change or delete a stored document', async () => {
    const stored = await caseFile.documents.upload(
      { applicationId, kind: 'passport', filename: 'p.pdf', content: files.pdf, uploadedBy: 'citizen' },
      'citizen',
    );
    const update = await rejection(knex('documents').where({ id: stored.id }).update({ content: files.png }));
    const remove = await rejection(knex('documents').where({ id: stored.id }).delete());
    expect(String(update)).to.contain('append-only');
    expect(String(remove)).to.contain('append-only');
  });
});
