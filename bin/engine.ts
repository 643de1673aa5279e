// `npm run engine`: the embedded engine on its own, serving Zeebe's gateway gRPC API.
// Flags: --port (default 26500) and --data-dir (embedded PostgreSQL folder; DATABASE_URL overrides it).
import { startEngine } from '../engine/index.js';
import { loadConfig } from '../lib/config/index.js';
import { openDatabase } from '../lib/db/index.js';
import { createLogger } from '../lib/logger/index.js';
import { configOverrides, explainStartFailure } from './args.js';

async function main(): Promise<void> {
  const config = loadConfig(configOverrides(process.argv.slice(2), 'ENGINE_PORT'));
  const log = createLogger({ level: config.logLevel });
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: log.child({ component: 'db' }),
  });
  const engine = await startEngine({
    databaseUrl: db.connectionString,
    host: config.engineHost,
    port: config.enginePort,
    log: log.child({ component: 'engine' }),
  }).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  console.log(
    `engine ready: Zeebe gateway API on ${engine.address} (${db.embedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'})`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping engine');
    void engine
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(explainStartFailure(error));
  process.exit(1);
});
