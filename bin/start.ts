// `npm start`: the product on one machine, in DESIGN.md's order: config, database (embedded unless
// DATABASE_URL), migrations, the embedded engine (unless ZEEBE_GRPC_ADDRESS points at Zeebe), deployment
// of processes/ and forms/ (idempotent), the workers, the user-task inbox and the mail sender, then the web
// on PORT (with /healthz), and where to go: the portal, the staff pages, and the demo accounts on the first
// start.
import { loadConfig } from '../lib/config/index.js';
import { migrate } from '../lib/db/migrate.js';
import { createEngineClient } from '../lib/engine-client/index.js';
import { deployModels } from '../lib/engine-client/deploy-models.js';
import { createLogger } from '../lib/logger/index.js';
import { createCaseFile } from '../cases/index.js';
import { addDays, localDate } from '../cases/clock.js';
import { workerDefinitions } from '../workers/index.js';
import { startWorkers } from '../workers/run-workers.js';
import { startUserTaskInbox } from '../workers/user-task-inbox.js';
import { configOverrides, explainStartFailure } from './args.js';
import { startRuntime, stopOnSignals } from './runtime.js';
import { startWeb } from '../web/server.js';

async function main(): Promise<void> {
  const config = loadConfig(configOverrides(process.argv.slice(2), 'PORT'));
  const log = createLogger({ level: config.logLevel });
  if (config.publicUrlDerived)
    log.warn(
      { publicUrl: config.publicUrl },
      'no PUBLIC_URL: links in mails to citizens point at this machine; set PUBLIC_URL to the address citizens use',
    );
  const runtime = await startRuntime(config, log, { embeddedEngine: !config.zeebeGrpcAddress });
  const engineKind = runtime.engine ? 'embedded' : 'zeebe';
  const applied = await migrate(runtime.db.knex);
  log.info({ migrations: applied }, applied.length > 0 ? 'database migrated' : 'database up to date');
  const client = createEngineClient(runtime.engineAddress);
  const deployed = await deployModels(client);
  log.info(
    {
      processes: deployed.processes.map((p) => `${p.bpmnProcessId}@${p.version}`),
      decisions: deployed.decisions.map((d) => `${d.decisionId}@${d.version}`),
      forms: deployed.forms.map((f) => `${f.formId}@${f.version}`),
    },
    'models deployed',
  );
  const caseFile = createCaseFile({ knex: runtime.db.knex, config, log });
  await caseFile.deployedResources.record(deployed.records, 'system:start');
  const workers = startWorkers(client, workerDefinitions, { caseFile }, log.child({ component: 'workers' }));
  log.info({ jobTypes: workers.types }, 'workers started');
  const inbox = startUserTaskInbox(client, {
    tasks: caseFile.tasks,
    log: log.child({ component: 'user-task-inbox' }),
  });
  log.info({}, 'user-task inbox started');
  const mailLoop = startMailLoop(caseFile.mailSender, log);
  const slotLoop = startSlotOpening(caseFile, log);

  const web = await startWeb(
    {
      caseFile,
      engine: client,
      knex: runtime.db.knex,
      connectionString: runtime.db.connectionString,
      config: {
        ...config,
        oidc:
          config.oidcIssuer && config.oidcClientId && config.oidcClientSecret
            ? { issuer: config.oidcIssuer, clientId: config.oidcClientId, clientSecret: config.oidcClientSecret }
            : undefined,
      },
      log: log.child({ component: 'web' }),
    },
    { host: config.host },
  );
  const demo = await web.web.accounts.ensureDemoAccounts();
  console.log(`ready · engine ${runtime.engineAddress} (${engineKind})`);
  console.log(`  citizen portal: ${config.publicUrl}/`);
  console.log(`  staff pages:    ${config.publicUrl}/staff`);
  if (demo.length > 0) {
    console.log('  demo accounts (shown once; change or disable them before real use):');
    for (const account of demo)
      console.log(`    ${account.username.padEnd(12)} ${account.password}  (${account.roles.join(', ')})`);
  }
  stopOnSignals(runtime, log, () => {
    void web.close();
    clearInterval(mailLoop);
    clearInterval(slotLoop);
    void Promise.all([workers.close(), inbox.close()]).then(() => client.close());
  });
}

/**
 * Opens the coming 8 weeks' appointment slots now and once a day, so the booking page and the overview's
 * appointment load have a calendar from the first start (openSlots leaves existing slots alone).
 */
function startSlotOpening(caseFile: ReturnType<typeof createCaseFile>, log: ReturnType<typeof createLogger>) {
  const open = () => {
    const today = localDate(caseFile.clock.now());
    caseFile.appointments
      .openSlots({ from: today, to: addDays(today, 55) })
      .then(({ created }) => {
        if (created > 0) log.info({ created }, 'appointment slots opened');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'opening appointment slots failed; will try again'));
  };
  open();
  return setInterval(open, 86_400_000);
}

/** Sends pending mails every few seconds when SMTP_URL is set; without it they stay readable in the outbox. */
function startMailLoop(sender: ReturnType<typeof createCaseFile>['mailSender'], log: ReturnType<typeof createLogger>) {
  if (!sender.enabled) log.info({}, 'no SMTP_URL: mails stay in the outbox');
  let busy = false;
  return setInterval(() => {
    if (!sender.enabled || busy) return;
    busy = true;
    sender
      .sendPending()
      .catch((error: unknown) => log.warn({ err: error }, 'sending mail failed; will try again'))
      .finally(() => {
        busy = false;
      });
  }, 5000);
}

main().catch((error: unknown) => {
  console.error(explainStartFailure(error));
  process.exit(1);
});
