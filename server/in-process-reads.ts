/**
 * Reading helpers of the in-process runtime (server/in-process.ts): what happened to an
 * instance, from the record log and the audit trail (history), and what is open now, from the
 * engine's live view. They only read; scenario tests and the demo use them to check and to
 * explain what a process did.
 */
import type { Knex } from 'knex';
import type { Engine } from '../engine/engine.ts';
import type { Incident, UserTask } from '../engine/state/types.ts';

export type Variables = Record<string, unknown>;

export interface RecordRow {
  position: string;
  key: string;
  value_type: string;
  intent: string;
  process_instance_key: string | null;
  bpmn_process_id: string | null;
  element_id: string | null;
  value: Record<string, unknown>;
}

export interface InstanceReads {
  records(processInstanceKey: string, valueType?: string): Promise<RecordRow[]>;
  /** Element ids of the instance's lifecycle records with these intents, in log order. */
  trail(processInstanceKey: string, intents?: string[]): Promise<string[]>;
  /** The instance's process-scope variables as they ended (folded from VARIABLE records). */
  variables(processInstanceKey: string): Promise<Variables>;
  /** The instance a call activity of `processInstanceKey` started (the first one, by log position). */
  calledInstance(processInstanceKey: string, callActivityId: string): Promise<string>;
  /** The instance and every instance it called, transitively, live or finished (from the record log). */
  instanceTree(processInstanceKey: string): Promise<string[]>;
  /** The rules worker's explanations recorded for the instance: `{ ruleSetId, fired, facts, outcome, ... }`. */
  ruleEvaluations(processInstanceKey: string): Promise<Array<Record<string, unknown>>>;
  isLive(processInstanceKey: string): boolean;
  /** Open user tasks of the instance and the instances it called. */
  openTasks(processInstanceKey: string): UserTask[];
  /** Open incidents of the instance and the instances it called. */
  incidents(processInstanceKey: string): Incident[];
}

const COLUMNS = ['position', 'key', 'value_type', 'intent', 'process_instance_key', 'bpmn_process_id', 'element_id', 'value'] as const;

export function instanceReads(knex: Knex, engine: Engine): InstanceReads {
  const records = async (pi: string, valueType?: string): Promise<RecordRow[]> => {
    const q = knex<RecordRow>('records').where({ process_instance_key: pi });
    if (valueType) void q.andWhere({ value_type: valueType });
    return q.orderBy('position').select(...COLUMNS);
  };

  /** Instances called from `pi`, transitively, while they are live (the engine's view). */
  const liveTree = (pi: string): Set<string> => {
    const tree = new Set([pi]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of engine.view.elements.values()) {
        if (e.childProcessInstanceKey && tree.has(e.processInstanceKey) && !tree.has(e.childProcessInstanceKey)) {
          tree.add(e.childProcessInstanceKey);
          grew = true;
        }
      }
    }
    return tree;
  };

  return {
    records,
    async trail(pi, intents = ['ELEMENT_COMPLETED']) {
      return (await records(pi, 'PROCESS_INSTANCE')).filter((r) => intents.includes(r.intent)).map((r) => r.element_id ?? '');
    },
    async variables(pi) {
      const vars: Variables = {};
      for (const r of await records(pi, 'VARIABLE')) if (r.value.scopeKey === pi) vars[r.value.name as string] = r.value.value;
      return vars;
    },
    async calledInstance(pi, callActivityId) {
      const call = (await records(pi, 'PROCESS_INSTANCE')).find((r) => r.element_id === callActivityId && r.intent === 'ELEMENT_ACTIVATING');
      if (!call) throw new Error(`instance ${pi} never activated '${callActivityId}'`);
      // The child starts in the same engine batch as its call activity: the next process record.
      const child = await knex<RecordRow>('records')
        .where('position', '>', call.position)
        .andWhere({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING' })
        .andWhereRaw(`value->>'bpmnElementType' = 'PROCESS'`)
        .orderBy('position')
        .first('process_instance_key');
      if (!child?.process_instance_key) throw new Error(`no instance was called by '${callActivityId}' of ${pi}`);
      return String(child.process_instance_key);
    },
    async instanceTree(pi) {
      const tree = [pi];
      // A called instance's own PROCESS record names its parent; follow them level by level.
      for (let level = [pi]; level.length; ) {
        const rows: Array<{ process_instance_key: string }> = await knex('records')
          .distinct('process_instance_key')
          .where({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING' })
          .whereRaw(`value->>'bpmnElementType' = 'PROCESS'`)
          .whereRaw(`value->>'parentProcessInstanceKey' = any(?)`, [level]);
        level = rows.map((r) => String(r.process_instance_key)).filter((k) => !tree.includes(k));
        tree.push(...level);
      }
      return tree;
    },
    async ruleEvaluations(pi) {
      const rows = await knex('audit_entries').where({ kind: 'RULE_EVALUATION', process_instance_key: pi }).orderBy('position').select('payload', 'actor', 'target');
      return rows.map((r: { payload: Record<string, unknown>; actor: string; target: string }) => ({ ...r.payload, actor: r.actor, target: r.target }));
    },
    isLive: (pi) => engine.view.elements.has(pi),
    openTasks(pi) {
      const tree = liveTree(pi);
      return [...engine.view.userTasks.values()].filter((t) => tree.has(t.processInstanceKey));
    },
    incidents(pi) {
      const tree = liveTree(pi);
      return [...engine.view.incidents.values()].filter((i) => tree.has(i.processInstanceKey));
    },
  };
}
