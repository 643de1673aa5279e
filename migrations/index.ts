// The application's migrations, oldest first. They are imported here rather than found in the folder, so
// knex runs them the same way under tsx, compiled or bundled; test/cases/migrations.spec.ts fails when a
// file in this folder is missing from the list.
import type { Knex } from 'knex';
import * as cprRegister from './20261122220000-cpr-register.js';

/** A migration with the name knex records for it in knex_migrations (the file name without extension). */
export interface NamedMigration {
  name: string;
  migration: Knex.Migration;
}

/** Every migration, in the order they run. Append; never rename or reorder a migration that has shipped. */
export const migrations: readonly NamedMigration[] = [{ name: '20261122220000-cpr-register', migration: cprRegister }];
