// `npm start`: the product on one machine, in DESIGN.md's order: config, database (embedded unless
// DATABASE_URL), migrations, the embedded engine (unless ZEEBE_GRPC_ADDRESS points at Zeebe), deployment
// of processes/ and forms/ (idempotent), and the HTTP entry point on PORT with /healthz.
// then the workers and the mail sender. The web layer joins here when it is built.
import http from 'node:http';
import { loadConfig } from '../lib/config/index.js';
import { migrate } from '../lib/db/migrate.js';
import { createEngineClient } from '../lib/engine-client/index.js';
import { deployModels } from '../lib/engine-client/deploy-models.js';
import { createLogger } from '../lib/logger/index.js';
import { createCaseFile } from '../cases/index.js';
import { workerDefinitions } from '../workers/index.js';
import { startWorkers } from '../workers/run-workers.js';
import { configOverrides, explainStartFailure } from './args.js';
import { startRuntime, stopOnSignals } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig(configOverrides(process.argv.slice(2), 'PORT'));
  const log = createLogger({ level: config.logLevel });
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
  const workers = startWorkers(client, workerDefinitions, { caseFile }, log.child({ component: 'workers' }));
  log.info({ jobTypes: workers.types }, 'workers started');
  const mailLoop = startMailLoop(caseFile.mailSender, log);

  const server = http.createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', engine: engineKind, engineAddress: runtime.engineAddress }));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('Not found. The web layer is not built yet; see /healthz.\n');
  });
  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  console.log(`ready: http://127.0.0.1:${config.port}/healthz · engine ${runtime.engineAddress} (${engineKind})`);
  stopOnSignals(runtime, log, () => {
    server.close();
    clearInterval(mailLoop);
    void workers.close().then(() => client.close());
  });
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
