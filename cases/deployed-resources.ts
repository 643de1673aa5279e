// The models the engine runs, kept as deployed: BPMN by process definition key, DMN by decision requirements
// key, forms by form key. The task page reads a linked form by the key in the job header, the case page and
// the designer read a process version's BPMN. A broker-only Zeebe serves none of these over gRPC, so each
// deploy (at start-up or from the designer) records what it sent under the keys the engine gave back.
import type { Knex } from 'knex';
import type { DeploymentRecord } from '../lib/engine-client/deployment-records.js';

/** A deployed resource without its text. */
export interface DeployedResource {
  key: string;
  kind: DeploymentRecord['kind'];
  id: string;
  version: number;
  resourceName: string;
  deployedBy: string | null;
  deployedAt: Date;
}

interface Row {
  resource_key: string;
  kind: DeploymentRecord['kind'];
  resource_id: string;
  version: number;
  resource_name: string;
  content?: string;
  deployed_by: string | null;
  deployed_at: Date;
}

const toResource = (row: Row): DeployedResource => ({
  key: row.resource_key,
  kind: row.kind,
  id: row.resource_id,
  version: row.version,
  resourceName: row.resource_name,
  deployedBy: row.deployed_by,
  deployedAt: row.deployed_at,
});

/** The deployed resources' operations. */
export interface DeployedResources {
  /** Stores what a deploy returned; a key already stored is left as it is (an unchanged redeploy). */
  record(records: readonly DeploymentRecord[], actor: string): Promise<void>;
  /** A resource's text by its key. */
  content(key: string): Promise<string | undefined>;
  /** A form's schema by its form key (the io.camunda.zeebe:formKey header). */
  formByKey(formKey: string): Promise<{ formId: string; version: number; schema: unknown } | undefined>;
  /** Every version of a kind (or of one id), newest version first. */
  list(kind: DeploymentRecord['kind'], id?: string): Promise<DeployedResource[]>;
  /** The newest version of each id of a kind. */
  latest(kind: DeploymentRecord['kind']): Promise<DeployedResource[]>;
}

/** Creates the repository. */
export function createDeployedResources({ knex }: { knex: Knex }): DeployedResources {
  const columns = ['resource_key', 'kind', 'resource_id', 'version', 'resource_name', 'deployed_by', 'deployed_at'];
  return {
    async record(records, actor) {
      if (records.length === 0) return;
      await knex('deployed_resources')
        .insert(
          records.map((r) => ({
            resource_key: r.key,
            kind: r.kind,
            resource_id: r.id,
            version: r.version,
            resource_name: r.resourceName,
            content: r.content,
            deployed_by: actor,
          })),
        )
        .onConflict('resource_key')
        .ignore();
    },
    async content(key) {
      const row = await knex('deployed_resources')
        .select('content')
        .where({ resource_key: key })
        .first<Row | undefined>();
      return row?.content;
    },
    async formByKey(formKey) {
      const row = await knex('deployed_resources')
        .select('resource_id', 'version', 'content')
        .where({ resource_key: formKey, kind: 'form' })
        .first<Row | undefined>();
      if (!row?.content) return undefined;
      return { formId: row.resource_id, version: row.version, schema: JSON.parse(row.content) as unknown };
    },
    async list(kind, id) {
      const query = knex('deployed_resources')
        .select(columns)
        .where({ kind })
        .orderBy('resource_id')
        .orderBy('version', 'desc');
      if (id !== undefined) query.andWhere({ resource_id: id });
      return ((await query) as Row[]).map(toResource);
    },
    async latest(kind) {
      const rows = (await knex('deployed_resources')
        .distinctOn('resource_id')
        .select(columns)
        .where({ kind })
        .orderBy('resource_id')
        .orderBy('version', 'desc')) as Row[];
      return rows.map(toResource);
    },
  };
}
