// lib/db: the embedded PostgreSQL starts, stops cleanly, and starts again after a run that was killed.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../lib/db/index.js';
import { createLogger } from '../../lib/logger/index.js';

const log = createLogger({ level: 'silent' });

describe('lib/db (embedded PostgreSQL)', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'db-spec-'));
  });
  afterEach(async () => fs.rm(dataDir, { recursive: true, force: true }));

  it('keeps data across a clean stop and start', async () => {
    const first = await openDatabase({ databaseUrl: undefined, dataDir, log });
    await first.knex.raw('create table kept (x int)');
    await first.knex('kept').insert({ x: 42 });
    await first.close();
    const second = await openDatabase({ databaseUrl: undefined, dataDir, log });
    try {
      expect(await second.knex('kept').select('x')).to.deep.equal([{ x: 42 }]);
    } finally {
      await second.close();
    }
  });

  it('starts after a previous run was killed with SIGKILL and left its server running', async () => {
    // given a process that opened the database and was killed, leaving PostgreSQL behind
    const script = `import { openDatabase } from './lib/db/index.js'; import { createLogger } from './lib/logger/index.js';
      await openDatabase({ databaseUrl: undefined, dataDir: ${JSON.stringify(dataDir)}, log: createLogger({ level: 'silent' }) });
      console.log('open'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve()),
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const pid = Number((await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(() => process.kill(pid, 0), 'the killed run left its server running').not.to.throw();
    // when the database is opened again, then it works
    const db = await openDatabase({ databaseUrl: undefined, dataDir, log });
    try {
      expect((await db.knex.raw<{ rows: { ok: number }[] }>('select 1 as ok')).rows).to.deep.equal([{ ok: 1 }]);
    } finally {
      await db.close();
    }
  });
});
