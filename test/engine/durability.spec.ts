// The embedded engine's durability: killed with SIGKILL in the middle of a run it loses nothing and
// completes no job twice; and two engine processes on one database never hand one job to two workers.
// Both are properties of the embedded engine's PostgreSQL state, so these specs run on it only.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEngine } from '../../engine/index.js';
import { openDatabase } from '../../lib/db/index.js';
import { createLogger } from '../../lib/logger/index.js';
import { catchEvent, end, path as flows, serviceTask, start, timerDef, uid } from '../support/bpmn.js';
import { embeddedOnly, sdkClient, testEngine } from '../support/engine.js';
import { deploy, eventually } from '../support/probe.js';

const log = createLogger({ level: 'warn' });

/** Starts `bin/engine.ts` as its own process on a database; resolves once it prints its ready line. */
async function engineProcess(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/engine.ts', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl },
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('engine ready')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`engine exited (${code}): ${output}`)));
  });
  return child;
}

/** Two more engine processes' worth of engine on the spec engine's database, each with an SDK client. */
async function twoEngines() {
  const databaseUrl = (await testEngine()).databaseUrl as string;
  const [one, two] = await Promise.all([startEngine({ databaseUrl, port: 0 }), startEngine({ databaseUrl, port: 0 })]);
  return { one, two, first: sdkClient(one.address), second: sdkClient(two.address) };
}

describe('engine: durability (embedded engine)', function () {
  before(async function () {
    this.timeout(120_000);
    embeddedOnly(await testEngine(), this, "these pin the embedded engine's own storage");
  });

  it('SIGKILL during a run of 200 instances: after a restart every instance completes and no job completes twice', async function () {
    this.timeout(180_000);
    // given an engine process on a database of its own, and a three-step process with a timer
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-crash-'));
    const db = await openDatabase({ databaseUrl: undefined, dataDir, log });
    const completedInstances = async () =>
      Number((await db.knex('engine.process_instances').where('state', 'COMPLETED').count('* as n'))[0]?.n ?? 0);
    const port = 26700 + Math.floor(Math.random() * 200);
    let engine = await engineProcess(db.connectionString, port);
    const zeebe = sdkClient(`127.0.0.1:${port}`);
    const id = uid('crash');
    const types = [uid('a'), uid('b'), uid('c')];
    await deploy(zeebe, id, [
      start(),
      serviceTask('a', types[0] as string),
      serviceTask('b', types[1] as string),
      catchEvent('pause', timerDef('timeDuration', 'PT0.5S')),
      serviceTask('c', types[2] as string),
      end(),
      flows('start', 'a', 'b', 'pause', 'c', 'end'),
    ]);
    const completedByClient = new Map<string, number>();
    let lastStepDone = 0;
    const workers = types.map((type, step) =>
      zeebe.createWorker({
        taskType: type,
        timeout: 3000,
        maxJobsToActivate: 32,
        pollInterval: 500,
        taskHandler: async (job) => {
          try {
            await zeebe.completeJob({ jobKey: job.key, variables: { [`step${step}`]: true } });
            completedByClient.set(job.key, (completedByClient.get(job.key) ?? 0) + 1);
            if (step === 2) lastStepDone++;
          } catch {
            // the engine may be down; the job comes back after its timeout
          }
          return job.forward();
        },
      }),
    );
    try {
      for (let i = 0; i < 200; i++) await zeebe.createProcessInstance({ bpmnProcessId: id, variables: { i } });

      // when the engine is killed while instances are in flight, then started again on the same folder
      await eventually(async () => expect(completedByClient.size).to.be.above(150), 60_000);
      engine.kill('SIGKILL');
      await new Promise((r) => engine.once('exit', r));
      engine = await engineProcess(db.connectionString, port);

      // then every instance completes
      await eventually(async () => expect(await completedInstances()).to.equal(200), 120_000);
    } finally {
      for (const worker of workers) await worker.close();
      engine.kill('SIGTERM');
      await new Promise((r) => engine.once('exit', r));
    }

    // and each job completed exactly once
    try {
      expect(lastStepDone).to.be.at.most(200);
      const states = await db.knex('engine.process_instances').select('state').count('* as n').groupBy('state');
      expect(states.map((s) => ({ state: s.state as string, n: Number(s.n) }))).to.deep.equal([
        { state: 'COMPLETED', n: 200 },
      ]);
      const perTask = await db.knex.raw<{ rows: { n: string }[] }>(
        `select count(*) as n from engine.journal where value_type = 'JOB' and intent = 'COMPLETED' group by process_instance_key, element_id`,
      );
      expect(perTask.rows).to.have.length(600);
      expect(new Set(perTask.rows.map((r) => Number(r.n)))).to.deep.equal(new Set([1]));
      expect(
        [...completedByClient.values()].every((n) => n === 1),
        'no job key was completed twice by a client',
      ).to.equal(true);
    } finally {
      await db.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('two engine processes on one database never hand the same job to two workers (FOR UPDATE SKIP LOCKED)', async function () {
    this.timeout(60_000);
    // given two engines sharing the spec engine's database
    const { one, two, first, second } = await twoEngines();
    try {
      const [id, type] = [uid('shared'), uid('contended')];
      await deploy(first, id, [start(), serviceTask('work', type), end(), flows('start', 'work', 'end')]);
      for (let i = 0; i < 100; i++) await first.createProcessInstance({ bpmnProcessId: id, variables: {} });
      // when workers on both engines activate as fast as they can
      const seen: string[] = [];
      const drain = async (client: typeof first) => {
        for (let empty = 0; empty < 3;) {
          const jobs = await client.activateJobs({
            type,
            worker: 'w',
            maxJobsToActivate: 7,
            timeout: 60_000,
            requestTimeout: -1,
          });
          if (jobs.length === 0) empty++;
          seen.push(...jobs.map((j) => j.key));
        }
      };
      await Promise.all([drain(first), drain(second), drain(first), drain(second)]);
      // then all 100 jobs were handed out, each exactly once
      expect(seen).to.have.length(100);
      expect(new Set(seen).size).to.equal(100);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('a job created through one engine process is pushed to a stream open on another (LISTEN/NOTIFY)', async function () {
    this.timeout(60_000);
    // given two engines on one database and a job stream open on the second
    const { one, two, first, second } = await twoEngines();
    try {
      const [id, type] = [uid('notified'), uid('pushed')];
      await deploy(first, id, [start(), serviceTask('work', type), end(), flows('start', 'work', 'end')]);
      const received: string[] = [];
      const stream = await second.streamJobs({
        type,
        worker: 'far',
        timeout: 30_000,
        tenantIds: [],
        pollInterval: 0,
        taskHandler: async (job) => {
          received.push(job.processInstanceKey);
          return job.complete({});
        },
      });
      try {
        // when the instance is created through the first engine
        await new Promise((r) => setTimeout(r, 200));
        const created = await first.createProcessInstance({ bpmnProcessId: id, variables: {} });
        // then the second engine's stream receives the job without any polling
        await eventually(async () => expect(received).to.deep.equal([created.processInstanceKey]), 10_000);
      } finally {
        stream.close();
      }
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });
});
