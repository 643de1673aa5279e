// The engine every engine spec runs against, through @camunda8/sdk only: the Zeebe gateway at
// ZEEBE_GRPC_ADDRESS when it is set (a cluster the site runs under its own licence), otherwise the
// embedded engine on a throw-away embedded PostgreSQL.
import type { Zeebe } from '@camunda8/sdk';
import { createEngineClient } from '../../lib/engine-client/index.js';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEngine, type RunningEngine } from '../../engine/index.js';
import { loadConfig } from '../../lib/config/index.js';
import { openDatabase, type Database } from '../../lib/db/index.js';
import { createLogger } from '../../lib/logger/index.js';

export type EngineKind = 'embedded' | 'zeebe';

export interface TestEngine {
  kind: EngineKind;
  /** The Zeebe version the engine reports in its topology (the embedded engine reports the one it follows). */
  version: string;
  /** host:port of the gateway. */
  address: string;
  zeebe: Zeebe.ZeebeGrpcClient;
  /** Direct SQL on the embedded engine's tables, for what the gRPC API cannot show (incident keys, the journal). */
  sql: pg.Pool | undefined;
  /** The embedded engine's database, for starting more engine processes on it. */
  databaseUrl: string | undefined;
}

let shared: Promise<TestEngine> | undefined;

/** The SDK's topology type omits the broker version that Zeebe reports. */
const brokerVersion = (topology: { brokers: object[] }) =>
  (topology.brokers[0] as { version?: string } | undefined)?.version ?? '';
const cleanups: (() => Promise<void>)[] = [];

/** A new SDK client for an address; every client made here is closed after the run. */
export function sdkClient(address: string): Zeebe.ZeebeGrpcClient {
  // a spec asserts the status of each call, so the client must not retry on its own
  const client = createEngineClient(address, { retry: false });
  cleanups.push(async () => {
    await client.close().catch(() => undefined);
  });
  return client;
}

async function start(): Promise<TestEngine> {
  const external = loadConfig().zeebeGrpcAddress;
  if (external) {
    const address = external.replace(/^grpcs?:\/\//, '');
    const zeebe = sdkClient(address);
    const version = brokerVersion(await zeebe.topology());
    return { kind: 'zeebe', version, address, zeebe, sql: undefined, databaseUrl: undefined };
  }
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-spec-'));
  const log = createLogger({ level: 'warn' });
  const configured = loadConfig().databaseUrl;
  const db: Database = await openDatabase({ databaseUrl: configured, dataDir, log });
  const engine: RunningEngine = await startEngine({
    databaseUrl: db.connectionString,
    port: 0,
    log: log.child({ component: 'engine' }),
  });
  const sql = new pg.Pool({ connectionString: db.connectionString, max: 2 });
  cleanups.push(async () => {
    await sql.end();
    await engine.stop();
    await db.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  const zeebe = sdkClient(engine.address);
  return {
    kind: 'embedded',
    version: brokerVersion(await zeebe.topology()),
    address: engine.address,
    zeebe,
    sql,
    databaseUrl: db.connectionString,
  };
}

/** The shared engine, started on first use. */
export function testEngine(): Promise<TestEngine> {
  shared ??= start();
  return shared;
}

/**
 * Skips a spec (or, from a hook, its suite) and puts the reason in the title, so the run's output says why.
 * From a hook the spec reporter has already printed the suite's title, so its first spec carries the reason.
 */
export function skipBecause(context: Mocha.Context, reason: string): never {
  const runnable = context.test;
  const fromHook = (runnable as { type?: string } | undefined)?.type === 'hook';
  const titled = fromHook ? runnable?.parent?.tests[0] : runnable;
  if (titled) titled.title += ` [skipped: ${reason}]`;
  context.skip();
}

/** Skips a spec that pins the embedded engine's own behaviour when the engine is Zeebe. */
export function embeddedOnly(engine: TestEngine, context: Mocha.Context, reason: string): void {
  if (engine.kind === 'zeebe') skipBecause(context, reason);
}

/**
 * Skips a spec of behaviour that Zeebe changed in `version` when the engine is an older Zeebe (the specs
 * were established on Zeebe 8.6 and 8.8; the embedded engine reports 8.8).
 */
export function sinceZeebe(engine: TestEngine, version: string, context: Mocha.Context): void {
  const [major = 0, minor = 0] = engine.version.split('.').map(Number);
  const [wantMajor = 0, wantMinor = 0] = version.split('.').map(Number);
  if (major < wantMajor || (major === wantMajor && minor < wantMinor))
    skipBecause(context, `Zeebe ${engine.version} answers differently; this is Zeebe ${version}'s behaviour`);
}

/** Registers cleanup work for the end of the run. */
export function atEnd(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

/** Closes clients, stops the engine and removes its data (run by the root hook). */
export async function stopAll(): Promise<void> {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
  shared = undefined;
}
