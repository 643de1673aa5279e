// `npm run simulate -- --applications N [--json] [--data-dir D] [--concurrency C] [--seed S] [--zeebe grpc://h:p]`
// Runs N synthetic applications through the real process on the embedded engine (in a process of its own),
// or on the Zeebe named by --zeebe, with the real workers and case file: synthetic citizens apply,
// upload (sometimes incompletely), answer hearings (or not), book and sometimes don't show; synthetic
// caseworkers complete the user tasks. The process's timers run in seconds instead of weeks. Shows a progress bar
// on stderr and ends with a summary read back from the case file; with --json the last line is that
// summary as one JSON object.
// Without --data-dir the run uses a fresh temporary folder and removes it afterwards, so simulated cases
// never mix with real ones; with --data-dir the database stays for a look with `npm start --data-dir`.
// DATABASE_URL and ZEEBE_GRPC_ADDRESS from the environment are ignored on purpose: synthetic caseworkers
// complete every user task they see, and synthetic applicants use up CPR numbers, which are never reused.
// A case that is not closed within --case-deadline seconds counts as stuck; stuck cases fail the run.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCaseFile } from '../cases/index.js';
import { loadConfig } from '../lib/config/index.js';
import { migrate } from '../lib/db/migrate.js';
import { createEngineClient } from '../lib/engine-client/index.js';
import { deployModels } from '../lib/engine-client/deploy-models.js';
import { createLogger } from '../lib/logger/index.js';
import { workerDefinitions } from '../workers/index.js';
import { startWorkers } from '../workers/run-workers.js';
import { explainStartFailure } from './args.js';
import { openDatabase } from '../lib/db/index.js';
import { startEngineProcess } from './engine-process.js';
import { pickProfile } from './simulation/applicants.js';
import { startCaseworkers } from './simulation/caseworker.js';
import { actionMails, closingMails, planCitizen, runCitizen, type CitizenPlan } from './simulation/citizen.js';
import { watchOutbox } from './simulation/mailbox.js';
import { progressBar } from './simulation/progress.js';
import { seededRandom } from './simulation/random.js';
import { slotPicker } from './simulation/slots.js';
import { summarise, type SimulationSummary } from './simulation/summary.js';

const { values } = parseArgs({
  options: {
    applications: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    'case-deadline': { type: 'string', default: '600' },
    zeebe: { type: 'string' },
    'data-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number above 0, not "${text}"`);
  return value;
}

async function main(): Promise<SimulationSummary> {
  const applications = positiveInteger('applications', values.applications);
  const concurrency = positiveInteger('concurrency', values.concurrency);
  const random = seededRandom(positiveInteger('seed', values.seed));
  const dataDir = values['data-dir'] ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'cpr-simulation-')));
  // a folder that does not exist yet is made, as npm start makes its --data-dir
  await fs.mkdir(dataDir, { recursive: true });
  // its own engine port, so a simulation runs beside `npm start`
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    ZEEBE_GRPC_ADDRESS: values.zeebe ?? '',
    SIRI_LOCAL_MODE: 'fake',
    LOG_LEVEL: 'warn',
  });
  const caseDeadlineMs = positiveInteger('case-deadline', values['case-deadline']) * 1000;
  const log = createLogger({ level: 'warn' });
  const say = (line: string) => {
    if (!values.json) console.log(line);
  };

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log });
  const engine = config.zeebeGrpcAddress ? undefined : await startEngineProcess({ databaseUrl: db.connectionString });
  const engineAddress = config.zeebeGrpcAddress ?? `grpc://${engine?.address ?? ''}`;
  const runtime = { db, engine, engineAddress };
  // Ctrl-C must not leave the engine process or the embedded PostgreSQL behind
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void (engine?.stop() ?? Promise.resolve())
        .then(() => db.close())
        .then(() => (values['data-dir'] ? undefined : fs.rm(dataDir, { recursive: true, force: true })))
        .finally(() => process.exit(130));
    });
  }
  const client = createEngineClient(runtime.engineAddress);
  try {
    await migrate(runtime.db.knex);
    await deployModels(client);
    const caseFile = createCaseFile({ knex: runtime.db.knex, config, log });
    // International House's week holds about 320 seats: a year of applications needs more than a year of slots
    const day = (offset: number) =>
      new Date(caseFile.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    for (let year = 0; year < Math.ceil(applications / 12_000); year++)
      await caseFile.appointments.openSlots({ from: day(year * 364), to: day(year * 364 + 363) });
    say(
      `simulating ${applications} applications on ${engine ? 'the embedded engine (own process)' : 'Zeebe'} at ${engineAddress}, ${concurrency} at a time`,
    );

    const workers = startWorkers(client, workerDefinitions, { caseFile }, log.child({ component: 'workers' }), {
      maxJobsToActivate: 64,
    });
    const plans = new Map<string, CitizenPlan>();
    const caseworkers = startCaseworkers(client, random, plans);
    const mailbox = watchOutbox(runtime.db.knex, [...closingMails, ...actionMails]);
    const slots = slotPicker(caseFile.appointments, random, () => caseFile.clock.now());
    const context = {
      caseFile,
      client,
      mailbox,
      slots,
      random,
      // the booking link lapses in 30 s: long enough for every citizen who means to book, under any load
      timers: { hearingReminderAfter: 'PT2S', hearingExpiresAfter: 'PT2S', bookingExpiresAfter: 'PT30S' },
      caseDeadlineMs,
    };

    const progress = progressBar(applications, 'cases closed');
    const started = performance.now();
    let next = 0;
    let closed = 0;
    let stuck = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, applications) }, async () => {
        while (next < applications) {
          const index = next++;
          const ending = await runCitizen(context, index, planCitizen(random, pickProfile(random)), plans);
          if (ending === 'stuck') stuck += 1;
          closed += 1;
          progress.update(closed);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    progress.finish();
    mailbox.stop();
    await caseworkers.close();
    await workers.close();

    const summary = await summarise(runtime.db.knex, {
      applications,
      seconds,
      appointmentsWithIncompleteFile: caseworkers.tally.appointmentsWithIncompleteFile,
      stuck,
    });
    say(
      `closed: ${Object.entries(summary.closedByStatus)
        .map(([status, n]) => `${status} ${n}`)
        .join(', ')}`,
    );
    say(
      `hearings per case ${summary.hearingsPerCase}, rebookings ${summary.rebookings}, appointments with an incomplete file ${summary.appointmentsWithIncompleteFile}`,
    );
    say(
      `CPR numbers issued ${summary.cprIssued}, all valid and unique: ${summary.cprAllValidAndUnique ? 'yes' : 'NO'}; mails holding one: ${summary.mailsWithCprNumber}`,
    );
    say(`${applications} cases in ${summary.seconds} s = ${summary.casesPerSecond} cases/s`);
    if (summary.stuck > 0)
      say(
        `${summary.stuck} cases were not closed within ${caseDeadlineMs / 1000} s (still open: ${summary.stillOpen})`,
      );
    // a CPR number in a mail is a privacy breach, as a stuck case is a lost one: either fails the run
    if (summary.stuck > 0 || summary.mailsWithCprNumber > 0) process.exitCode = 1;
    return summary;
  } finally {
    await client.close();
    await runtime.engine?.stop();
    await runtime.db.close();
    if (!values['data-dir']) await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (summary) => {
    // printed after every client has closed, because the SDK logs to stdout as it closes: the summary
    // must be the last line
    console.log(JSON.stringify(summary));
    process.exit(process.exitCode ?? 0);
  },
  (error: unknown) => {
    console.error(explainStartFailure(error));
    process.exit(1);
  },
);
