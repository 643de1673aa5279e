// What the entry points start in the same order: the database, then (unless Zeebe is external) the
// embedded engine on it, and the shutdown that stops them in reverse when a signal arrives.
import { startEngine, type RunningEngine } from '../engine/index.js';
import type { Config } from '../lib/config/index.js';
import { openDatabase, type Database } from '../lib/db/index.js';
import type { Logger } from '../lib/logger/index.js';

export interface Runtime {
  db: Database;
  /** The embedded engine, or undefined when ZEEBE_GRPC_ADDRESS points at Zeebe. */
  engine: RunningEngine | undefined;
  /** The engine's address as a Zeebe client wants it (grpc://host:port). */
  engineAddress: string;
}

/** Opens the database and starts the embedded engine; a failed engine start closes the database again. */
export async function startRuntime(
  config: Config,
  log: Logger,
  options: { embeddedEngine: boolean },
): Promise<Runtime> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: log.child({ component: 'db' }),
  });
  if (!options.embeddedEngine) return { db, engine: undefined, engineAddress: config.zeebeGrpcAddress ?? '' };
  const engine = await startEngine({
    databaseUrl: db.connectionString,
    host: config.engineHost,
    port: config.enginePort,
    log: log.child({ component: 'engine' }),
  }).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  return { db, engine, engineAddress: `grpc://${engine.address}` };
}

/** Stops everything once on SIGINT or SIGTERM, then exits. `before` runs first (e.g. closing the web server). */
export function stopOnSignals(runtime: Runtime, log: Logger, before: () => void = () => {}): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    before();
    void (runtime.engine?.stop() ?? Promise.resolve()).then(() => runtime.db.close()).then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
