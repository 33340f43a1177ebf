import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { parseDmn } from '../dmn/index.ts';
import { parseBpmn } from '../model/parse-bpmn.ts';
import type { EngineState } from '../state/engine-state.ts';
import type { Table } from '../state/table.ts';

/** Rebuilds the live state from Postgres: what a restarted engine resumes from. */
export async function loadState(knex: Knex, state: EngineState): Promise<void> {
  const meta = await knex('engine_meta').where({ id: 1 }).first<{ last_key: string }>();
  state.lastKey = BigInt(meta?.last_key ?? 0);

  const defs = await knex('process_definitions')
    .select<Array<{ key: string; bpmn_process_id: string; version: number; resource_name: string; checksum: string; deployment_key: string; xml: string; deleted_at: Date | null }>>('*')
    .orderBy('key');
  const parsedByChecksum = new Map<string, Awaited<ReturnType<typeof parseBpmn>>>();
  for (const row of defs) {
    state.noteVersion(row.bpmn_process_id, row.version);
    if (row.deleted_at) continue;
    let models = parsedByChecksum.get(row.checksum);
    if (!models) {
      models = await parseBpmn(row.xml, row.resource_name);
      parsedByChecksum.set(row.checksum, models);
    }
    const model = models.find((m) => m.bpmnProcessId === row.bpmn_process_id);
    if (!model) throw new Error(`stored process definition ${row.key} no longer contains process '${row.bpmn_process_id}'`);
    state.addDefinition(
      { key: row.key, bpmnProcessId: row.bpmn_process_id, version: row.version, resourceName: row.resource_name, checksum: row.checksum, deploymentKey: row.deployment_key, xml: row.xml, model },
      false,
    );
  }

  await loadDecisions(knex, state);
  await loadDocuments(knex, state.elements);
  await loadDocuments(knex, state.jobs);
  await loadDocuments(knex, state.incidents);
  await loadDocuments(knex, state.timers);
  await loadDocuments(knex, state.subscriptions);
  await loadDocuments(knex, state.messages);
  await loadDocuments(knex, state.userTasks);
  await loadDocuments(knex, state.signalSubscriptions);

  const vars = await knex('variables').select<Array<{ scope_key: string; name: string; process_instance_key: string; value: unknown }>>('*');
  for (const v of vars) state.variables.load(v.scope_key, v.process_instance_key, v.name, v.value);
  state.rebuildIndexes();
}

async function loadDocuments<T extends { key: string }>(knex: Knex, table: Table<T>): Promise<void> {
  const rows = await knex(table.name).select<Array<{ doc: T }>>('doc').orderBy('key');
  for (const row of rows) table.load(row.doc);
}

export function checksumOf(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

async function loadDecisions(knex: Knex, state: EngineState): Promise<void> {
  const rows = await knex('decision_requirements')
    .select<Array<{ key: string; decision_requirements_id: string; version: number; resource_name: string; checksum: string; deployment_key: string; xml: string; decisions: Array<{ decisionId: string; key: string; version: number }> }>>('*')
    .orderBy('key');
  for (const row of rows) {
    const drg = await parseDmn(row.xml, row.resource_name);
    const decisionKeys = Object.fromEntries(row.decisions.map((d) => [d.decisionId, d.key]));
    const decisions = row.decisions.map((d) => ({ key: d.key, decisionId: d.decisionId, name: drg.decisions.get(d.decisionId)?.name ?? d.decisionId, version: d.version, requirementsKey: row.key }));
    state.addDecisionRequirements(
      { key: row.key, decisionRequirementsId: row.decision_requirements_id, name: drg.name, version: row.version, resourceName: row.resource_name, checksum: row.checksum, deploymentKey: row.deployment_key, xml: row.xml, drg, decisionKeys },
      decisions,
      false,
    );
  }
}
