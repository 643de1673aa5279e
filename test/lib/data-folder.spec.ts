// lib/db/data-folder: a data folder that cannot be used is refused in one sentence that names it; as root,
// a private folder (as `mktemp -d` makes) is opened to the postgres user that the embedded server runs as.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataFolderError, prepareDataFolder } from '../../lib/db/data-folder.js';
import { skipBecause } from '../support/engine.js';

const asRoot = process.getuid?.() === 0;

async function refusal(dataDir: string): Promise<DataFolderError> {
  const error = await prepareDataFolder(dataDir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).to.be.instanceOf(DataFolderError);
  return error as DataFolderError;
}

describe('lib/db/data-folder', () => {
  let scratch: string;
  beforeEach(async () => {
    // a scratch folder anyone may enter, as the folders above a data folder usually are
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'data-folder-spec-'));
    await fs.chmod(scratch, 0o755);
  });
  afterEach(async () => fs.rm(scratch, { recursive: true, force: true }));

  it('refuses a file as the data folder, and a folder below a file, in one line naming it', async () => {
    const file = path.join(scratch, 'hostname');
    await fs.writeFile(file, 'not a folder\n');
    for (const dataDir of [file, path.join(file, 'data')]) {
      const error = await refusal(dataDir);
      expect(error.message).to.include(dataDir).and.include('--data-dir');
      expect(error.message).not.to.include('\n');
    }
  });

  it('creates a missing data folder with the folders above it', async () => {
    const dataDir = path.join(scratch, 'a', 'b', 'data');
    await prepareDataFolder(dataDir);
    expect((await fs.stat(dataDir)).isDirectory()).to.equal(true);
  });

  describe('as root, where PostgreSQL runs as the postgres user', function () {
    before(function () {
      if (!asRoot) skipBecause(this, 'not root: PostgreSQL runs as the current user, no postgres user is involved');
    });
    const postgresGid = (): number => Number(execFileSync('id', ['-g', 'postgres']).toString().trim());

    it('opens a private data folder to the postgres group and keeps root its owner', async () => {
      const dataDir = path.join(scratch, 'private');
      await fs.mkdir(dataDir, { mode: 0o700 });
      await prepareDataFolder(dataDir);
      const stat = await fs.stat(dataDir);
      expect(stat.uid).to.equal(0);
      expect(stat.gid).to.equal(postgresGid());
      expect((stat.mode & 0o777).toString(8)).to.equal('710');
      // and the postgres user can now enter it
      execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dataDir]);
    });

    it('names a folder above the data folder that the postgres user cannot enter', async () => {
      await fs.chmod(scratch, 0o700);
      const error = await refusal(path.join(scratch, 'data'));
      expect(error.message).to.include(`cannot enter ${scratch} `).and.include(`chmod o+x ${scratch}`);
    });
  });
});
