// The web layer's tables: staff accounts with argon2 hashes and roles, server-side sessions (the table
// connect-pg-simple reads), the task list that the user-task inbox fills from the engine's job-based user
// tasks (DESIGN.md "User tasks"), and the deployed resources the designer and the task page read back
// (form key -> form JSON, process versions -> BPMN XML), which a broker-only Zeebe cannot serve over gRPC.
import type { Knex } from 'knex';

/** Creates staff_accounts, web_sessions, user_tasks and deployed_resources; cases learn their process version. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table applications
      add column process_definition_key text,
      add column process_version integer`);
  await knex.raw(`
    create table staff_accounts (
      id text not null,
      username text not null,
      display_name text not null,
      password_hash text,
      -- back-office, front-office, team-lead, process-designer, admin
      roles text[] not null,
      -- subject of an OIDC login linked to this account, when OIDC is configured
      oidc_subject text,
      created_at timestamptz not null default now(),
      disabled_at timestamptz,
      constraint staff_accounts_pkey primary key (id),
      constraint staff_accounts_username_key unique (username),
      constraint staff_accounts_oidc_subject_key unique (oidc_subject),
      constraint staff_accounts_roles_check check (
        roles <@ array['back-office', 'front-office', 'team-lead', 'process-designer', 'admin']::text[]
      )
    )`);
  await knex.raw(`
    create table web_sessions (
      sid varchar not null,
      sess json not null,
      expire timestamp(6) not null,
      constraint web_sessions_pkey primary key (sid)
    )`);
  await knex.raw('create index web_sessions_expire_idx on web_sessions (expire)');
  await knex.raw(`
    create table user_tasks (
      -- the job key of the io.camunda.zeebe:userTask job: completing the task completes this job
      job_key text not null,
      process_instance_key text not null,
      process_definition_key text not null,
      bpmn_process_id text not null,
      element_id text not null,
      element_instance_key text not null,
      application_id text references applications (id),
      form_key text,
      candidate_groups text[] not null default '{}',
      candidate_users text[] not null default '{}',
      -- the assignee the model gave, then whoever claimed it
      assignee text,
      due_at timestamptz,
      follow_up_at timestamptz,
      variables jsonb not null default '{}',
      status text not null default 'open',
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      completed_by text,
      constraint user_tasks_pkey primary key (job_key),
      constraint user_tasks_status_check check (status in ('open', 'completed', 'cancelled'))
    )`);
  await knex.raw("create index user_tasks_open_idx on user_tasks (status, due_at) where status = 'open'");
  await knex.raw('create index user_tasks_application_idx on user_tasks (application_id)');
  await knex.raw(`
    create table deployed_resources (
      -- process definition key, decision requirements key or form key, as the engine gave it
      resource_key text not null,
      kind text not null,
      resource_id text not null,
      version integer not null,
      resource_name text not null,
      content text not null,
      deployed_by text,
      deployed_at timestamptz not null default now(),
      constraint deployed_resources_pkey primary key (resource_key),
      constraint deployed_resources_kind_check check (kind in ('process', 'decision', 'form'))
    )`);
  await knex.raw('create index deployed_resources_id_idx on deployed_resources (kind, resource_id, version)');
}

/** Drops them. */
export async function down(knex: Knex): Promise<void> {
  for (const table of ['deployed_resources', 'user_tasks', 'web_sessions', 'staff_accounts'])
    await knex.schema.dropTableIfExists(table);
  await knex.raw('alter table applications drop column process_definition_key, drop column process_version');
}
