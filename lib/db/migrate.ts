// Brings the application's tables (schema public; the engine owns schema engine) up to date with the knex
// migrations in migrations/. Several processes may start at once, so:
// - knex creates its bookkeeping tables without a lock (two racing first starts could both create them, or
//   insert two lock rows and leave the lock unobtainable forever), so that step runs under an advisory lock;
// - the migrations themselves run under knex's migration lock. In one transaction (the default) a second
//   process waits on the lock row and then finds nothing left to do; a migration that disables transactions
//   makes knex refuse at once instead, and then we wait and try again.
import type { Knex } from 'knex';
import { migrations, type NamedMigration } from '../../migrations/index.js';

const migrationSource: Knex.MigrationSource<NamedMigration> = {
  getMigrations: async () => [...migrations],
  getMigrationName: (entry) => entry.name,
  getMigration: async (entry) => entry.migration,
};

const migratorConfig: Knex.MigratorConfig = {
  migrationSource,
  schemaName: 'public',
  tableName: 'knex_migrations',
};

const lockRetryMs = 250;
const lockWaitMs = 120_000;

function isMigrationLocked(error: unknown): boolean {
  return error instanceof Error && error.name === 'MigrationLocked';
}

/** Applies every migration not yet applied and returns their names (empty when the tables are current). */
export async function migrate(knex: Knex): Promise<string[]> {
  await knex.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('public.knex_migrations'))`);
    await trx.migrate.list(migratorConfig);
  });
  const giveUpAt = Date.now() + lockWaitMs;
  for (;;) {
    try {
      const [, applied] = (await knex.migrate.latest(migratorConfig)) as [number, string[]];
      return applied;
    } catch (error) {
      if (!isMigrationLocked(error)) throw error;
      if (Date.now() > giveUpAt)
        throw new Error('migration lock still held; if nothing is migrating, set knex_migrations_lock.is_locked to 0', {
          cause: error,
        });
      await new Promise((resolve) => setTimeout(resolve, lockRetryMs));
    }
  }
}
