// `npm run engine`: the embedded engine on its own, serving Zeebe's gateway gRPC API.
// Flags: --port (default 26500) and --data-dir (embedded PostgreSQL folder; DATABASE_URL overrides it).
import { loadConfig } from '../lib/config/index.js';
import { createLogger } from '../lib/logger/index.js';
import { configOverrides, explainStartFailure } from './args.js';
import { startRuntime, stopOnSignals } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig(configOverrides(process.argv.slice(2), 'ENGINE_PORT'));
  const log = createLogger({ level: config.logLevel });
  const runtime = await startRuntime(config, log, { embeddedEngine: true });
  const storage = runtime.db.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL';
  console.log(`engine ready: Zeebe gateway API on ${runtime.engine?.address ?? ''} (${storage})`);
  stopOnSignals(runtime, log);
}

main().catch((error: unknown) => {
  console.error(explainStartFailure(error));
  process.exit(1);
});
