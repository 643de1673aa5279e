// Which process versions the cases run on: applications counted per process definition key (and version),
// for the designer, who must know how many open cases still follow an older model before changing it.
// Read-only; the columns are filled when a case's process instance is attached (cases/applications.ts).
import type { Knex } from 'knex';

/** The applications on one process definition (key null: not yet started in the engine). */
export interface ProcessVersionUse {
  processDefinitionKey: string | null;
  processVersion: number | null;
  /** every application on it */
  applications: number;
  /** those not closed yet */
  open: number;
}

/** The query's operations. */
export interface ProcessVersions {
  /** Applications per process definition key, largest first. */
  usage(): Promise<ProcessVersionUse[]>;
}

interface Row {
  process_definition_key: string | null;
  process_version: number | null;
  applications: string | number;
  open: string | number;
}

/** Creates the query on the case database. */
export function createProcessVersions({ knex }: { knex: Knex }): ProcessVersions {
  return {
    async usage() {
      const rows = (await knex('applications')
        .select('process_definition_key', 'process_version')
        .count({ applications: '*' })
        .select(knex.raw('count(*) filter (where closed_at is null) as open'))
        .groupBy('process_definition_key', 'process_version')
        .orderBy('applications', 'desc')) as Row[];
      return rows.map((row) => ({
        processDefinitionKey: row.process_definition_key,
        processVersion: row.process_version,
        applications: Number(row.applications),
        open: Number(row.open),
      }));
    },
  };
}
