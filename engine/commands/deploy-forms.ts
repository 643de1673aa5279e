// DeployResource for .form resources (Camunda Forms, form-js JSON), versioned by the form's id. A form
// with the same resource name and checksum as the latest version of its id is a duplicate.
import type pg from 'pg';

export interface DeployedForm {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
}

/** A validated .form resource, ready to be stored. */
export interface ParsedForm {
  resourceName: string;
  json: string;
  checksum: string;
  id: string;
  /** The form's versionTag, for user tasks that link it with the versionTag binding. */
  versionTag: string | undefined;
}

/** Reads a form's id, or says why the resource is not a form. */
export function readForm(
  resourceName: string,
  content: string,
): { id: string; versionTag: string | undefined } | { problem: string } {
  let schema: unknown;
  try {
    schema = JSON.parse(content);
  } catch (error) {
    return { problem: `'${resourceName}': the form is not valid JSON (${(error as Error).message})` };
  }
  const { id, versionTag } =
    typeof schema === 'object' && schema !== null ? (schema as { id?: unknown; versionTag?: unknown }) : {};
  if (typeof id !== 'string' || id.trim() === '')
    return { problem: `'${resourceName}': Expected the form to have an id, but it has none` };
  return { id, versionTag: typeof versionTag === 'string' && versionTag.trim() ? versionTag.trim() : undefined };
}

/** The latest form version that is not deleted, and the highest version number ever given (not reused). */
async function latestForm(client: pg.PoolClient, formId: string) {
  const { rows } = await client.query<{ key: string; version: number; checksum: string; resource_name: string }>(
    `select key::text, version, checksum, resource_name from engine.forms where form_id = $1 and not deleted
      order by version desc limit 1`,
    [formId],
  );
  const { rows: highest } = await client.query<{ version: number | null }>(
    'select max(version) as version from engine.forms where form_id = $1',
    [formId],
  );
  return { latest: rows[0], highest: highest[0]?.version ?? 0 };
}

/** Whether the form is identical to the latest version of its id. */
export async function isIdenticalForm(client: pg.PoolClient, form: ParsedForm): Promise<boolean> {
  const { latest } = await latestForm(client, form.id);
  return latest !== undefined && latest.checksum === form.checksum && latest.resource_name === form.resourceName;
}

/** Stores a form as a new version, or (with `reuse`) answers with the identical latest version. */
export async function storeForm(
  client: pg.PoolClient,
  form: ParsedForm,
  nextKey: () => Promise<string>,
  now: number,
  reuse: boolean,
): Promise<{ deployed: DeployedForm; fresh: boolean }> {
  const { latest, highest } = await latestForm(client, form.id);
  if (reuse && latest && latest.checksum === form.checksum && latest.resource_name === form.resourceName) {
    return {
      fresh: false,
      deployed: { formId: form.id, version: latest.version, formKey: latest.key, resourceName: form.resourceName },
    };
  }
  const key = await nextKey();
  const version = highest + 1;
  await client.query(
    `insert into engine.forms (key, form_id, version, resource_name, checksum, resource, deployment_key, created_at, version_tag)
     values ($1, $2, $3, $4, $5, $6, 0, $7, $8)`,
    [key, form.id, version, form.resourceName, form.checksum, form.json, now, form.versionTag ?? null],
  );
  return { fresh: true, deployed: { formId: form.id, version, formKey: key, resourceName: form.resourceName } };
}
