// `npm start`: the product on one machine. Database (embedded unless DATABASE_URL), the embedded engine
// (unless ZEEBE_GRPC_ADDRESS points at Zeebe), and the HTTP entry point on PORT with /healthz.
// The web layer, workers and process deployment join here as they are built.
import http from 'node:http';
import { loadConfig } from '../lib/config/index.js';
import { createLogger } from '../lib/logger/index.js';
import { configOverrides, explainStartFailure } from './args.js';
import { startRuntime, stopOnSignals } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig(configOverrides(process.argv.slice(2), 'PORT'));
  const log = createLogger({ level: config.logLevel });
  const runtime = await startRuntime(config, log, { embeddedEngine: !config.zeebeGrpcAddress });
  const engineKind = runtime.engine ? 'embedded' : 'zeebe';

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
  stopOnSignals(runtime, log, () => server.close());
}

main().catch((error: unknown) => {
  console.error(explainStartFailure(error));
  process.exit(1);
});
