// `npm start`: the product on one machine. Database (embedded unless DATABASE_URL), the embedded engine
// (unless ZEEBE_GRPC_ADDRESS points at Zeebe), and the HTTP entry point on PORT with /healthz.
// The web layer, workers and process deployment join here as they are built.
import http from 'node:http';
import { startEngine, type RunningEngine } from '../engine/index.js';
import { loadConfig } from '../lib/config/index.js';
import { openDatabase } from '../lib/db/index.js';
import { createLogger } from '../lib/logger/index.js';
import { configOverrides, explainStartFailure } from './args.js';

async function main(): Promise<void> {
  const config = loadConfig(configOverrides(process.argv.slice(2), 'PORT'));
  const log = createLogger({ level: config.logLevel });
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: log.child({ component: 'db' }),
  });
  let engine: RunningEngine | undefined;
  if (!config.zeebeGrpcAddress) {
    engine = await startEngine({
      databaseUrl: db.connectionString,
      host: config.engineHost,
      port: config.enginePort,
      log: log.child({ component: 'engine' }),
    }).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
  }
  const engineAddress = config.zeebeGrpcAddress ?? `grpc://${engine?.address ?? ''}`;

  const server = http.createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', engine: engine ? 'embedded' : 'zeebe', engineAddress }));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('Not found. The web layer is not built yet; see /healthz.\n');
  });
  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  console.log(
    `ready: http://127.0.0.1:${config.port}/healthz · engine ${engineAddress} (${engine ? 'embedded' : 'external Zeebe'})`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    server.close();
    void (engine?.stop() ?? Promise.resolve()).then(() => db.close()).then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(explainStartFailure(error));
  process.exit(1);
});
