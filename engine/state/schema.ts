// The engine's tables, in their own schema, created and upgraded in order at start-up.
// Keys are Zeebe-shaped 64-bit numbers; times are epoch milliseconds, as on the wire.
import type pg from 'pg';

/** Ordered schema steps; a step never changes once released, new steps are appended. */
const steps: string[] = [
  `
  create sequence engine.key_counter;

  create table engine.deployments (
    key bigint primary key,
    created_at bigint not null
  );

  create table engine.process_definitions (
    key bigint primary key,
    bpmn_process_id text not null,
    version int not null,
    resource_name text not null,
    checksum text not null,
    resource text not null,
    deployment_key bigint not null,
    created_at bigint not null,
    unique (bpmn_process_id, version)
  );

  -- message start events of the latest version of each process
  create table engine.message_start_subscriptions (
    message_name text not null,
    bpmn_process_id text not null,
    process_definition_key bigint not null,
    element_id text not null,
    primary key (message_name, bpmn_process_id)
  );

  create table engine.process_instances (
    key bigint primary key,
    process_definition_key bigint not null,
    bpmn_process_id text not null,
    version int not null,
    state text not null,
    -- set when started by a message with a correlation key: one active instance per key and process
    start_correlation_key text,
    -- set when a caller waits for the result; the final variables are kept in result
    await_result boolean not null default false,
    result jsonb,
    created_at bigint not null,
    ended_at bigint
  );
  create index process_instances_active_start_key on engine.process_instances (bpmn_process_id, start_correlation_key)
    where state = 'ACTIVE' and start_correlation_key is not null;

  create table engine.element_instances (
    key bigint primary key,
    process_instance_key bigint not null,
    element_id text not null,
    element_type text not null,
    flow_scope_key bigint,
    state text not null,
    data jsonb not null default '{}'
  );
  create index element_instances_process_instance on engine.element_instances (process_instance_key);

  create table engine.variables (
    scope_key bigint not null,
    name text not null,
    value jsonb not null,
    process_instance_key bigint not null,
    primary key (scope_key, name)
  );
  create index variables_process_instance on engine.variables (process_instance_key);

  create table engine.jobs (
    key bigint primary key,
    type text not null,
    state text not null,
    retries int not null,
    worker text not null default '',
    deadline bigint,
    recur_at bigint,
    error_message text not null default '',
    custom_headers text not null,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    element_id text not null,
    bpmn_process_id text not null,
    process_definition_key bigint not null,
    process_definition_version int not null,
    scope_keys bigint[] not null,
    created_at bigint not null
  );
  create index jobs_activatable on engine.jobs (type, key) where state = 'ACTIVATABLE';
  create index jobs_deadline on engine.jobs (deadline) where state = 'ACTIVATED';
  create index jobs_recur on engine.jobs (recur_at) where state = 'FAILED' and recur_at is not null;
  create index jobs_element_instance on engine.jobs (element_instance_key);

  create table engine.timers (
    key bigint primary key,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    target_element_id text not null,
    due_date bigint not null,
    repetitions int not null,
    interval text
  );
  create index timers_due on engine.timers (due_date);
  create index timers_element_instance on engine.timers (element_instance_key);

  create table engine.message_subscriptions (
    key bigint primary key,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    target_element_id text not null,
    bpmn_process_id text not null,
    message_name text not null,
    correlation_key text not null,
    interrupting boolean not null
  );
  create index message_subscriptions_lookup on engine.message_subscriptions (message_name, correlation_key);
  create index message_subscriptions_element_instance on engine.message_subscriptions (element_instance_key);

  create table engine.messages (
    key bigint primary key,
    name text not null,
    correlation_key text not null,
    message_id text,
    variables jsonb not null,
    deadline bigint not null
  );
  create index messages_lookup on engine.messages (name, correlation_key, key);
  create index messages_deadline on engine.messages (deadline);
  create unique index messages_unique_id on engine.messages (name, correlation_key, message_id) where message_id is not null;

  -- a message correlates at most once per process (bpmn process id)
  create table engine.message_correlations (
    message_key bigint not null,
    bpmn_process_id text not null,
    primary key (message_key, bpmn_process_id)
  );

  create table engine.incidents (
    key bigint primary key,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    element_id text not null,
    job_key bigint,
    error_type text not null,
    error_message text not null,
    created_at bigint not null
  );
  create index incidents_process_instance on engine.incidents (process_instance_key);

  create table engine.journal (
    position bigserial primary key,
    process_instance_key bigint not null,
    key bigint not null,
    at bigint not null,
    value_type text not null,
    intent text not null,
    element_id text,
    element_type text,
    flow_scope_key bigint,
    detail jsonb
  );
  create index journal_process_instance on engine.journal (process_instance_key, position);
  `,
  `
  -- bumped by every command on the instance; lets an engine process reuse the state it holds in memory
  alter table engine.process_instances add column revision bigint not null default 0;
  `,
  `
  -- DMN: a decision requirements graph (one .dmn resource) and the decisions in it, versioned per id
  create table engine.decision_requirements (
    key bigint primary key,
    drg_id text not null,
    name text not null,
    version int not null,
    resource_name text not null,
    checksum text not null,
    resource text not null,
    deployment_key bigint not null,
    created_at bigint not null,
    unique (drg_id, version)
  );
  create table engine.decisions (
    key bigint primary key,
    decision_id text not null,
    name text not null,
    version int not null,
    decision_requirements_key bigint not null references engine.decision_requirements (key),
    deployment_key bigint not null,
    unique (decision_id, version)
  );
  -- Camunda Forms (.form), linked from user tasks by form id
  create table engine.forms (
    key bigint primary key,
    form_id text not null,
    version int not null,
    resource_name text not null,
    checksum text not null,
    resource text not null,
    deployment_key bigint not null,
    created_at bigint not null,
    unique (form_id, version)
  );
  `,
  `
  -- call activities: a child instance knows the call activity (and its instance) that started it
  alter table engine.process_instances add column parent_process_instance_key bigint;
  alter table engine.process_instances add column parent_element_instance_key bigint;
  `,
  `
  -- zeebe:versionTag of processes, decisions and forms, for the versionTag binding of called resources
  alter table engine.process_definitions add column version_tag text;
  alter table engine.decisions add column version_tag text;
  alter table engine.forms add column version_tag text;
  `,
  `
  -- signals: catch events waiting for a name, and the signal start events of each process's latest version
  create table engine.signal_subscriptions (
    key bigint primary key,
    process_instance_key bigint not null,
    element_instance_key bigint not null,
    target_element_id text not null,
    signal_name text not null,
    interrupting boolean not null
  );
  create index signal_subscriptions_name on engine.signal_subscriptions (signal_name);
  create index signal_subscriptions_element_instance on engine.signal_subscriptions (element_instance_key);
  create table engine.signal_start_subscriptions (
    signal_name text not null,
    bpmn_process_id text not null,
    process_definition_key bigint not null,
    element_id text not null,
    primary key (signal_name, bpmn_process_id, element_id)
  );
  `,
  `
  -- timer start events of each process's latest version: when each next creates an instance
  create table engine.start_timers (
    key bigint primary key,
    process_definition_key bigint not null,
    bpmn_process_id text not null,
    element_id text not null,
    due_date bigint not null,
    repetitions int not null,
    interval text
  );
  create index start_timers_due on engine.start_timers (due_date);
  `,
  `
  -- DeleteResource: deleted process and form versions stay as rows, so their version numbers are not reused
  alter table engine.process_definitions add column deleted boolean not null default false;
  alter table engine.forms add column deleted boolean not null default false;
  `,
];

/** Creates or upgrades the engine schema. Concurrent starts are serialised with an advisory lock. */
export async function migrateEngineSchema(client: pg.ClientBase): Promise<void> {
  await client.query('begin');
  try {
    await client.query(`select pg_advisory_xact_lock(hashtext('engine.schema'))`);
    await client.query('create schema if not exists engine');
    await client.query('create table if not exists engine.schema_version (version int not null)');
    const { rows } = await client.query<{ version: number }>('select version from engine.schema_version');
    let version = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('insert into engine.schema_version values (0)');
    for (; version < steps.length; version++) {
      await client.query(steps[version] ?? '');
      await client.query('update engine.schema_version set version = $1', [version + 1]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
