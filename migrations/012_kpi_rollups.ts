import type { Knex } from 'knex';

/**
 * KPI rollups, derived from the record log and the rules partition of the audit trail by the
 * background refresher (server/kpi/refresher.ts). Nothing here is evidence: these tables can be
 * dropped and rebuilt from the log at any time (reset the watermarks to 0), so they are not
 * append-only. The summary tables hold what the endpoints answer with, so every KPI endpoint
 * reads a few rows instead of aggregating a million records.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- records: last record position folded in; rules: last seq of the 'rules' audit partition.
    create table kpi_watermarks (source text primary key, position bigint not null, refreshed_at timestamptz);
    insert into kpi_watermarks values ('records', 0, null), ('rules', 0, null);

    -- dueDate is free text in the record; a malformed one must not stop the refresher.
    create function kpi_timestamp(t text) returns timestamptz stable language plpgsql as $$
    begin
      return nullif(t, '')::timestamptz;
    exception when others then
      return null;
    end $$;

    create table kpi_instances (
      process_instance_key bigint primary key,
      bpmn_process_id text not null,
      version integer not null,
      started_at timestamptz not null,
      ended_at timestamptz,
      state text not null default 'ACTIVE',
      duration_ms bigint,
      incidents integer not null default 0,
      open_incidents integer not null default 0,
      rework boolean not null default false
    );
    create index kpi_instances_process on kpi_instances (bpmn_process_id, version);

    -- Completions per UTC hour: throughput reads at most 24 rows per day asked for.
    create table kpi_completions_hourly (
      bpmn_process_id text not null,
      version integer not null,
      hour timestamptz not null,
      completed integer not null,
      primary key (bpmn_process_id, version, hour)
    );
    create index kpi_completions_hourly_hour on kpi_completions_hourly (hour);

    create table kpi_element_instances (
      key bigint primary key,
      process_instance_key bigint not null,
      flow_scope_key bigint,
      bpmn_process_id text not null,
      version integer not null,
      element_id text not null,
      element_type text not null,
      activated_at timestamptz not null,
      ended_at timestamptz,
      duration_ms bigint
    );
    create index kpi_element_instances_scope on kpi_element_instances (flow_scope_key, element_id);
    create index kpi_element_instances_process on kpi_element_instances (bpmn_process_id, version);

    create table kpi_user_tasks (
      key bigint primary key,
      process_instance_key bigint not null,
      bpmn_process_id text not null,
      version integer not null,
      element_id text not null,
      candidate_groups jsonb not null default '[]',
      created_at timestamptz not null,
      due_at timestamptz,
      state text not null default 'CREATED',
      completed_at timestamptz,
      completed_position bigint,
      decision jsonb,
      rule_outcome jsonb
    );
    create index kpi_user_tasks_instance on kpi_user_tasks (process_instance_key);
    create index kpi_user_tasks_process on kpi_user_tasks (bpmn_process_id, version);

    create table kpi_rule_outcomes (
      position bigint primary key,
      process_instance_key bigint not null,
      outcome jsonb not null
    );
    create index kpi_rule_outcomes_instance on kpi_rule_outcomes (process_instance_key, position);

    -- version 0 is the row for all versions of the process together.
    create table kpi_process_summary (
      bpmn_process_id text not null,
      version integer not null,
      started integer not null,
      completed integer not null,
      terminated integer not null,
      active integer not null,
      incidents_total integer not null,
      incidents_open integer not null,
      instances_with_incidents integer not null,
      cycle_avg_ms double precision,
      cycle_p50_ms double precision,
      cycle_p95_ms double precision,
      cycle_p99_ms double precision,
      sla_target_minutes double precision,
      sla_met integer,
      rework integer not null,
      first_time_right integer not null,
      user_tasks_with_due integer not null default 0,
      user_tasks_on_time integer not null default 0,
      decisions_compared integer not null default 0,
      overrides integer not null default 0,
      primary key (bpmn_process_id, version)
    );

    create table kpi_element_summary (
      bpmn_process_id text not null,
      version integer not null,
      element_id text not null,
      element_type text not null,
      completed integer not null,
      active integer not null,
      avg_ms double precision,
      p50_ms double precision,
      p95_ms double precision,
      max_ms double precision,
      primary key (bpmn_process_id, version, element_id, element_type)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table kpi_element_summary, kpi_process_summary, kpi_completions_hourly, kpi_rule_outcomes, kpi_user_tasks, kpi_element_instances, kpi_instances, kpi_watermarks;
    drop function kpi_timestamp(text);
  `);
}
