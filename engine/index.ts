// The embedded Zeebe-compatible engine: Zeebe's gateway gRPC API on top of PostgreSQL.
// Everything it needs comes in through startEngine's options; it imports nothing from the application.
import * as grpc from '@grpc/grpc-js';
import pg from 'pg';
import { ResultWaiters } from './commands/instances.js';
import { releaseMessageStart } from './commands/messages.js';
import { EngineCore, type EngineLogger } from './core.js';
import { gatewayHandlers, loadGatewayService } from './grpc/gateway.js';
import { JobDispatcher } from './services/job-dispatcher.js';
import { NotificationListener } from './services/notifications.js';
import { Scheduler } from './services/scheduler.js';
import { migrateEngineSchema } from './state/schema.js';

export type { EngineLogger } from './core.js';

export interface EngineOptions {
  /** PostgreSQL connection string; the engine keeps all state in its own `engine` schema there. */
  databaseUrl: string;
  host?: string;
  /** gRPC port; 0 picks a free one. */
  port?: number;
  log?: EngineLogger;
  poolSize?: number;
}

export interface RunningEngine {
  host: string;
  port: number;
  /** `host:port`, as a Zeebe client wants it. */
  address: string;
  stop(): Promise<void>;
}

const silent: EngineLogger = { debug() {}, info() {}, warn() {}, error() {} };

// bigint columns arrive as strings; timestamps are selected as float8 where numbers are wanted
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const log = options.log ?? silent;
  const host = options.host ?? '127.0.0.1';
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 12 });
  const aux = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  for (const p of [pool, aux]) p.on('error', (error) => log.warn({ err: error }, 'idle database connection failed'));
  const setup = await pool.connect();
  try {
    await migrateEngineSchema(setup);
  } finally {
    setup.release();
  }

  const core = new EngineCore(pool, aux, log);
  const dispatcher = new JobDispatcher(core);
  const waiters = new ResultWaiters(core);
  const scheduler = new Scheduler(
    core,
    (types) => dispatcher.notify(types),
    (bpmnProcessId, correlationKey) => releaseMessageStart(core, bpmnProcessId, correlationKey),
  );
  const releaseStart = (bpmnProcessId: string, correlationKey: string) =>
    void releaseMessageStart(core, bpmnProcessId, correlationKey).catch((error: unknown) =>
      log.error({ err: error }, 'starting an instance from a buffered message failed'),
    );
  core.listeners.push({ messageStartReleased: releaseStart });

  // other engine processes on the same database announce new jobs and finished instances
  const listener = new NotificationListener(
    options.databaseUrl,
    core.origin,
    {
      received: (channel, subject) => {
        if (channel === 'engine_jobs') dispatcher.notify([subject]);
        else waiters.completedElsewhere(subject);
      },
      reconnected: () => dispatcher.probeAll(),
    },
    log,
  );
  await listener.start();

  const server = new grpc.Server({
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 1000,
  });
  let boundPort = options.port ?? 26500;
  server.addService(
    loadGatewayService(),
    gatewayHandlers(core, dispatcher, waiters, () => ({ host, port: boundPort })),
  );
  try {
    boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${boundPort}`, grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
  } catch (error) {
    await listener.stop();
    await Promise.all([pool.end(), aux.end()]);
    throw error;
  }
  scheduler.start();

  let stopped = false;
  return {
    host,
    port: boundPort,
    address: `${host}:${boundPort}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      dispatcher.stop();
      await scheduler.stop();
      await listener.stop();
      await Promise.all([pool.end(), aux.end()]);
    },
  };
}
