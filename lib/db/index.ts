// The application's database: the server at DATABASE_URL, or an embedded PostgreSQL in the data folder.
// Everything above this module gets a knex instance and a connection string and never cares which.
import knexFactory, { type Knex } from 'knex';
import type { Logger } from '../logger/index.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** An open database: knex for queries, the URL for components that connect on their own (the engine). */
export interface Database {
  connectionString: string;
  embedded: boolean;
  knex: Knex;
  close(): Promise<void>;
}

/** Opens the database named by `databaseUrl`, or starts the embedded one in `dataDir` when there is none. */
export async function openDatabase(options: {
  databaseUrl: string | undefined;
  dataDir: string;
  log: Logger;
}): Promise<Database> {
  const cluster = options.databaseUrl ? undefined : await startEmbeddedPostgres(options.dataDir, options.log);
  const connectionString = options.databaseUrl ?? cluster?.connectionString ?? '';
  const knex = knexFactory({ client: 'pg', connection: connectionString, pool: { min: 0, max: 10 } });
  try {
    await knex.raw('select 1');
  } catch (error) {
    await knex.destroy();
    await cluster?.stop();
    throw new Error('cannot reach the database', { cause: error });
  }
  let closed = false;
  return {
    connectionString,
    embedded: cluster !== undefined,
    knex,
    async close() {
      if (closed) return;
      closed = true;
      await knex.destroy();
      await cluster?.stop();
    },
  };
}
