import type { Knex } from 'knex';
import type pg from 'pg';
import type { EngineRecord } from '../records/record.ts';
import type { EngineState } from '../state/engine-state.ts';
import type { Table } from '../state/table.ts';

interface Keyed {
  key: string;
  processInstanceKey?: string;
}

export interface DeploymentRow {
  key: string;
  createdAt: number;
  resources: unknown;
}

/**
 * Writes everything one batch changed as ONE statement: every table change is a
 * data-modifying CTE, so the batch costs one round trip and is one transaction. Rows travel
 * as arrays (unnest) rather than one JSON document, which Postgres ingests much faster.
 * A key changed several times in a batch was collapsed by Table, so no CTE touches a row twice.
 */
export async function flushBatch(knex: Knex, state: EngineState, records: EngineRecord[], deployments: DeploymentRow[]): Promise<void> {
  const sql = new StatementBuilder();
  const docTables: Array<Table<Keyed>> = [state.elements, state.jobs, state.incidents, state.timers, state.subscriptions, state.userTasks, state.signalSubscriptions];
  for (const table of docTables) addDocumentTable(sql, table, true);
  addDocumentTable(sql, state.messages as Table<Keyed>, false);

  const vars = state.variables.takeChanges();
  if (vars.deletedScopes.length) {
    sql.cte(`delete from variables where scope_key = any(${sql.param(vars.deletedScopes)}::bigint[])`);
  }
  if (vars.upserts.length) {
    sql.cte(
      `insert into variables (scope_key, name, process_instance_key, value)
       select * from unnest(${sql.param(vars.upserts.map((v) => v.scopeKey))}::bigint[], ${sql.param(vars.upserts.map((v) => v.name))}::text[],
                            ${sql.param(vars.upserts.map((v) => v.processInstanceKey))}::bigint[], ${sql.param(vars.upserts.map((v) => JSON.stringify(v.value ?? null)))}::jsonb[])
       on conflict (scope_key, name) do update set value = excluded.value`,
    );
  }
  for (const d of deployments) {
    sql.cte(`insert into deployments (key, created_at, resources) values (${sql.param(d.key)}, ${sql.param(new Date(d.createdAt))}, ${sql.param(JSON.stringify(d.resources))}::jsonb)`);
  }
  for (const def of state.newDefinitions.splice(0)) {
    sql.cte(
      `insert into process_definitions (key, bpmn_process_id, version, resource_name, checksum, deployment_key, xml, created_at)
       values (${[def.key, def.bpmnProcessId, def.version, def.resourceName, def.checksum, def.deploymentKey, def.xml].map((v) => sql.param(v)).join(', ')}, now())`,
    );
  }
  for (const drg of state.newRequirements.splice(0)) {
    const decisions = Object.entries(drg.decisionKeys).map(([decisionId, key]) => ({ decisionId, key, version: state.decisions.get(key)!.version }));
    sql.cte(
      `insert into decision_requirements (key, decision_requirements_id, version, resource_name, checksum, deployment_key, xml, decisions, created_at)
       values (${[drg.key, drg.decisionRequirementsId, drg.version, drg.resourceName, drg.checksum, drg.deploymentKey, drg.xml].map((v) => sql.param(v)).join(', ')}, ${sql.param(JSON.stringify(decisions))}::jsonb, now())`,
    );
  }
  const deleted = state.deletedDefinitions.splice(0);
  if (deleted.length) sql.cte(`update process_definitions set deleted_at = now() where key = any(${sql.param(deleted)}::bigint[])`);
  if (records.length) {
    const col = <T>(f: (r: EngineRecord) => T) => sql.param(records.map(f));
    sql.cte(
      `insert into records (key, record_type, value_type, intent, process_instance_key, bpmn_process_id, element_id, timestamp, value)
       select k, rt, vt, i, pik, pid, eid, to_timestamp(ts / 1000.0), v
       from unnest(${col((r) => r.key)}::bigint[], ${col((r) => r.recordType)}::text[], ${col((r) => r.valueType)}::text[], ${col((r) => r.intent)}::text[],
                   ${col((r) => r.processInstanceKey ?? null)}::bigint[], ${col((r) => r.bpmnProcessId ?? null)}::text[], ${col((r) => r.elementId ?? null)}::text[],
                   ${col((r) => r.timestamp)}::double precision[], ${col((r) => JSON.stringify(r.value))}::jsonb[])
            with ordinality as x(k, rt, vt, i, pik, pid, eid, ts, v, n)
       order by n`,
    );
  }
  sql.cte(`update engine_meta set last_key = ${sql.param(state.lastKey.toString())} where id = 1`);
  // Straight to the pg connection: knex.raw only knows `?` placeholders.
  const connection = (await knex.client.acquireConnection()) as pg.PoolClient;
  try {
    await connection.query(sql.build(), sql.params);
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/** Builds `with c0 as (...), c1 as (...) select 1` with positional parameters. */
class StatementBuilder {
  readonly params: unknown[] = [];
  private readonly ctes: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  cte(statement: string): void {
    this.ctes.push(`c${this.ctes.length} as (${statement})`);
  }

  build(): string {
    return `with ${this.ctes.join(',\n')} select 1`;
  }
}

function addDocumentTable(sql: StatementBuilder, table: Table<Keyed>, withInstance: boolean): void {
  const { upserts, deletes } = table.takeChanges();
  if (deletes.length) sql.cte(`delete from ${table.name} where key = any(${sql.param(deletes)}::bigint[])`);
  if (!upserts.length) return;
  const keys = sql.param(upserts.map((r) => r.key));
  const docs = sql.param(upserts.map((r) => JSON.stringify(r)));
  if (withInstance) {
    const instances = sql.param(upserts.map((r) => r.processInstanceKey));
    sql.cte(
      `insert into ${table.name} (key, process_instance_key, doc) select * from unnest(${keys}::bigint[], ${instances}::bigint[], ${docs}::jsonb[])
       on conflict (key) do update set doc = excluded.doc`,
    );
  } else {
    sql.cte(`insert into ${table.name} (key, doc) select * from unnest(${keys}::bigint[], ${docs}::jsonb[]) on conflict (key) do update set doc = excluded.doc`);
  }
}
