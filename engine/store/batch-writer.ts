import type { Knex } from 'knex';
import type { EngineRecord } from '../records/record.ts';
import type { EngineState } from '../state/engine-state.ts';
import type { Table } from '../state/table.ts';

interface Keyed {
  key: string;
  processInstanceKey?: string;
}

/**
 * Writes everything one batch changed in a single transaction: one statement per table,
 * rows passed as one JSON parameter. This is what makes throughput independent of the
 * number of state transitions per command.
 */
export async function flushBatch(knex: Knex, state: EngineState, records: EngineRecord[], deployments: DeploymentRow[]): Promise<void> {
  const statements: Array<[string, unknown[]]> = [];
  const docTables: Array<Table<Keyed>> = [state.elements, state.jobs, state.incidents, state.timers, state.subscriptions, state.userTasks];
  for (const table of docTables) addDocumentTable(statements, table, true);
  addDocumentTable(statements, state.messages as Table<Keyed>, false);

  const vars = state.variables.takeChanges();
  if (vars.deletedScopes.length) {
    statements.push(['delete from variables where scope_key = any(?::bigint[])', [vars.deletedScopes]]);
  }
  if (vars.upserts.length) {
    statements.push([
      `insert into variables (scope_key, name, process_instance_key, value)
       select (e->>0)::bigint, e->>1, (e->>2)::bigint, e->3 from jsonb_array_elements(?::jsonb) e
       on conflict (scope_key, name) do update set value = excluded.value`,
      [JSON.stringify(vars.upserts.map((v) => [v.scopeKey, v.name, v.processInstanceKey, v.value ?? null]))],
    ]);
  }

  for (const d of deployments) {
    statements.push(['insert into deployments (key, created_at, resources) values (?, ?, ?::jsonb)', [d.key, new Date(d.createdAt), JSON.stringify(d.resources)]]);
  }
  for (const def of state.newDefinitions.splice(0)) {
    statements.push([
      `insert into process_definitions (key, bpmn_process_id, version, resource_name, checksum, deployment_key, xml, created_at)
       values (?, ?, ?, ?, ?, ?, ?, now())`,
      [def.key, def.bpmnProcessId, def.version, def.resourceName, def.checksum, def.deploymentKey, def.xml],
    ]);
  }

  if (records.length) {
    statements.push([
      `insert into records (key, record_type, value_type, intent, process_instance_key, bpmn_process_id, element_id, timestamp, value)
       select (e->>0)::bigint, e->>1, e->>2, e->>3, (e->>4)::bigint, e->>5, e->>6, to_timestamp((e->>7)::double precision / 1000), e->8
       from jsonb_array_elements(?::jsonb) with ordinality as r(e, n) order by n`,
      [JSON.stringify(records.map(recordRow))],
    ]);
  }
  statements.push(['update engine_meta set last_key = ? where id = 1', [state.lastKey.toString()]]);

  await knex.transaction(async (trx) => {
    for (const [sql, bindings] of statements) await trx.raw(sql, bindings as Knex.RawBinding[]);
  });
}

export interface DeploymentRow {
  key: string;
  createdAt: number;
  resources: unknown;
}

function addDocumentTable(statements: Array<[string, unknown[]]>, table: Table<Keyed>, withInstance: boolean): void {
  const { upserts, deletes } = table.takeChanges();
  if (deletes.length) statements.push([`delete from ${table.name} where key = any(?::bigint[])`, [deletes]]);
  if (!upserts.length) return;
  if (withInstance) {
    statements.push([
      `insert into ${table.name} (key, process_instance_key, doc)
       select (e->>0)::bigint, (e->>1)::bigint, e->2 from jsonb_array_elements(?::jsonb) e
       on conflict (key) do update set doc = excluded.doc`,
      [JSON.stringify(upserts.map((r) => [r.key, r.processInstanceKey, r]))],
    ]);
  } else {
    statements.push([
      `insert into ${table.name} (key, doc) select (e->>0)::bigint, e->1 from jsonb_array_elements(?::jsonb) e
       on conflict (key) do update set doc = excluded.doc`,
      [JSON.stringify(upserts.map((r) => [r.key, r]))],
    ]);
  }
}

function recordRow(r: EngineRecord): unknown[] {
  return [r.key, r.recordType, r.valueType, r.intent, r.processInstanceKey ?? null, r.bpmnProcessId ?? null, r.elementId ?? null, r.timestamp, r.value];
}
