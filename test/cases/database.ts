// Throw-away databases for the case-file specs: one PostgreSQL server for the whole run (embedded, or the
// one at DATABASE_URL), and a fresh, migrated database in it for each caller, dropped when the run ends.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { loadConfig } from '../../lib/config/index.js';
import { openDatabase, type Database } from '../../lib/db/index.js';
import { migrate } from '../../lib/db/migrate.js';
import { createLogger } from '../../lib/logger/index.js';
import { atEnd } from '../support/engine.js';

let server: Promise<Database> | undefined;

async function startServer(): Promise<Database> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cases-spec-'));
  const db = await openDatabase({
    databaseUrl: loadConfig().databaseUrl,
    dataDir,
    log: createLogger({ level: 'warn' }),
  });
  atEnd(async () => {
    await db.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
  return db;
}

/** A new empty database with a knex pool of `pool` connections. */
export async function emptyDatabase(
  options: { pool?: number } = {},
): Promise<{ knex: Knex; connectionString: string }> {
  server ??= startServer();
  const db = await server;
  const name = `cases_spec_${randomBytes(6).toString('hex')}`;
  await db.knex.raw('create database ??', [name]);
  const url = new URL(db.connectionString);
  url.pathname = `/${name}`;
  const connectionString = url.toString();
  const knex = knexFactory({ client: 'pg', connection: connectionString, pool: { min: 0, max: options.pool ?? 4 } });
  atEnd(async () => {
    await knex.destroy();
    await db.knex.raw('drop database ?? with (force)', [name]);
  });
  return { knex, connectionString };
}

/** A new database with the application's tables, and a knex pool of `pool` connections. */
export async function migratedDatabase(options: { pool?: number } = {}): Promise<Knex> {
  const { knex } = await emptyDatabase(options);
  await migrate(knex);
  return knex;
}
