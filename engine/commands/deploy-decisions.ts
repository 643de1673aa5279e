// DeployResource for .dmn resources. One resource is one decision requirements graph (DRG), versioned
// by its definitions id; each decision in it is versioned by its decision id. As for processes, a
// resource with the same name and checksum as the latest version of its DRG (whose decisions' latest
// versions are still its own) is a duplicate. deploy.ts decides whether duplicates are reused: only when
// every resource of the call is one, as Zeebe 8.6+ does.
import type pg from 'pg';
import type { DecisionModel } from '../dmn/types.js';

export interface DeployedDecision {
  dmnDecisionId: string;
  dmnDecisionName: string;
  version: number;
  decisionKey: string;
  dmnDecisionRequirementsId: string;
  decisionRequirementsKey: string;
}

export interface DeployedDecisionRequirements {
  dmnDecisionRequirementsId: string;
  dmnDecisionRequirementsName: string;
  version: number;
  decisionRequirementsKey: string;
  resourceName: string;
}

/** A validated .dmn resource, ready to be stored. */
export interface ParsedDrg {
  resourceName: string;
  xml: string;
  checksum: string;
  id: string;
  name: string;
  decisions: DecisionModel[];
}

export interface StoredDrg {
  requirements: DeployedDecisionRequirements;
  decisions: DeployedDecision[];
  /** True when this call stored a new version (its deployment key is set at the end of the call). */
  fresh: boolean;
}

/** The latest version of the DRG when this resource is identical to it, else undefined. */
export async function identicalDrg(
  client: pg.PoolClient,
  drg: ParsedDrg,
): Promise<{ key: string; version: number } | undefined> {
  const latest = await latestDrg(client, drg.id);
  if (!latest || latest.checksum !== drg.checksum || latest.resource_name !== drg.resourceName) return undefined;
  // a decision that moved to another graph since makes this graph new again (Zeebe's rule too)
  const { rows } = await client.query<{ moved: boolean }>(
    `select exists (
       select 1 from engine.decisions d
        where d.decision_id = any($1::text[])
          and d.version = (select max(version) from engine.decisions where decision_id = d.decision_id)
          and d.decision_requirements_key <> $2) as moved`,
    [drg.decisions.map((d) => d.id), latest.key],
  );
  return rows[0]?.moved ? undefined : latest;
}

async function latestDrg(client: pg.PoolClient, drgId: string) {
  const { rows } = await client.query<{ key: string; version: number; checksum: string; resource_name: string }>(
    `select key::text, version, checksum, resource_name from engine.decision_requirements
      where drg_id = $1 order by version desc limit 1`,
    [drgId],
  );
  return rows[0];
}

/** Stores a DRG and its decisions as new versions, or (with `reuse`) answers with the identical latest one. */
export async function storeDrg(
  client: pg.PoolClient,
  drg: ParsedDrg,
  nextKey: () => Promise<string>,
  now: number,
  reuse: boolean,
): Promise<StoredDrg> {
  const latest = reuse ? await identicalDrg(client, drg) : await latestDrg(client, drg.id);
  if (reuse && latest) {
    const { rows: decisions } = await client.query<{ key: string; decision_id: string; name: string; version: number }>(
      `select key::text, decision_id, name, version from engine.decisions where decision_requirements_key = $1 order by key`,
      [latest.key],
    );
    return {
      fresh: false,
      requirements: describeDrg(drg, latest.key, latest.version),
      decisions: decisions.map((d) => ({
        dmnDecisionId: d.decision_id,
        dmnDecisionName: d.name,
        version: d.version,
        decisionKey: d.key,
        dmnDecisionRequirementsId: drg.id,
        decisionRequirementsKey: latest.key,
      })),
    };
  }
  const drgKey = await nextKey();
  const version = (latest?.version ?? 0) + 1;
  await client.query(
    `insert into engine.decision_requirements (key, drg_id, name, version, resource_name, checksum, resource, deployment_key, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, 0, $8)`,
    [drgKey, drg.id, drg.name, version, drg.resourceName, drg.checksum, drg.xml, now],
  );
  const decisions: DeployedDecision[] = [];
  for (const decision of drg.decisions) {
    const key = await nextKey();
    const { rows: previous } = await client.query<{ version: number }>(
      'select max(version) as version from engine.decisions where decision_id = $1',
      [decision.id],
    );
    const decisionVersion = (previous[0]?.version ?? 0) + 1;
    await client.query(
      `insert into engine.decisions (key, decision_id, name, version, decision_requirements_key, deployment_key, version_tag)
       values ($1, $2, $3, $4, $5, 0, $6)`,
      [key, decision.id, decision.name ?? decision.id, decisionVersion, drgKey, decision.versionTag ?? null],
    );
    decisions.push({
      dmnDecisionId: decision.id,
      dmnDecisionName: decision.name ?? decision.id,
      version: decisionVersion,
      decisionKey: key,
      dmnDecisionRequirementsId: drg.id,
      decisionRequirementsKey: drgKey,
    });
  }
  return { fresh: true, requirements: describeDrg(drg, drgKey, version), decisions };
}

function describeDrg(drg: ParsedDrg, key: string, version: number): DeployedDecisionRequirements {
  return {
    dmnDecisionRequirementsId: drg.id,
    dmnDecisionRequirementsName: drg.name,
    version,
    decisionRequirementsKey: key,
    resourceName: drg.resourceName,
  };
}
