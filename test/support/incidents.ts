// Reading open incidents from the embedded engine's table. Zeebe's gRPC API has no query for incidents
// (a Zeebe client finds incident keys through Operate), so only specs on the embedded engine can use these.
import { expect } from 'chai';
import type { TestEngine } from './engine.js';
import { eventually } from './probe.js';

/** An open incident as the embedded engine stores it; keys are strings. */
export interface Incident {
  key: string;
  processInstanceKey: string;
  elementInstanceKey: string;
  elementId: string;
  jobKey: string | null;
  errorType: string;
  errorMessage: string;
}

/** The open incidents of a process instance, oldest first. */
export async function openIncidents(engine: TestEngine, processInstanceKey: string): Promise<Incident[]> {
  if (!engine.sql) throw new Error('incidents can only be read from the embedded engine');
  const { rows } = await engine.sql.query<Incident>(
    `select key::text as "key", process_instance_key::text as "processInstanceKey",
            element_instance_key::text as "elementInstanceKey", element_id as "elementId", job_key::text as "jobKey",
            error_type as "errorType", error_message as "errorMessage"
       from engine.incidents where process_instance_key = $1 order by key`,
    [processInstanceKey],
  );
  return rows;
}

/** Waits until the process instance has exactly one open incident, and returns it. */
export function theIncident(engine: TestEngine, processInstanceKey: string): Promise<Incident> {
  return eventually(async () => {
    const incidents = await openIncidents(engine, processInstanceKey);
    expect(incidents, `open incidents of process instance ${processInstanceKey}`).to.have.length(1);
    return incidents[0] as Incident;
  });
}
