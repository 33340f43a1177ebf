import type { Knex } from 'knex';

/**
 * Folds the records with position in (lo, hi] and the rule evaluations with seq in (rlo, rhi]
 * into the rollup tables, set-based: one statement per kind of fact, each a range scan of the
 * record log's primary key. Runs inside the refresher's transaction.
 */

/**
 * Kinds of element that count as "executed" for rework: activities, not events or gateways (a
 * reminder timer firing three times is not rework), and not the instances inside a
 * multi-instance body (they share the body as flow scope; excluded below).
 */
export const ACTIVITY_TYPES = [
  'SERVICE_TASK', 'USER_TASK', 'RECEIVE_TASK', 'SEND_TASK', 'SCRIPT_TASK', 'BUSINESS_RULE_TASK', 'MANUAL_TASK', 'TASK',
  'SUB_PROCESS', 'CALL_ACTIVITY', 'MULTI_INSTANCE_BODY', 'AD_HOC_SUB_PROCESS',
];

const RANGE = 'r.position > :lo and r.position <= :hi';
const ELEMENT = `r.value_type = 'PROCESS_INSTANCE'`;
const DURATION = (to: string, from: string) => `round(extract(epoch from (${to} - ${from})) * 1000)::bigint`;

const STATEMENTS = [
  // process instances start...
  `insert into kpi_instances (process_instance_key, bpmn_process_id, version, started_at)
   select r.key, r.bpmn_process_id, (r.value->>'version')::int, r.timestamp from records r
   where ${RANGE} and ${ELEMENT} and r.intent = 'ELEMENT_ACTIVATED' and r.value->>'bpmnElementType' = 'PROCESS'
   on conflict do nothing`,
  // ...and end: completed ones get a cycle time
  `update kpi_instances i set ended_at = r.timestamp,
     state = case r.intent when 'ELEMENT_COMPLETED' then 'COMPLETED' else 'TERMINATED' end,
     duration_ms = case when r.intent = 'ELEMENT_COMPLETED' then ${DURATION('r.timestamp', 'i.started_at')} end
   from records r
   where ${RANGE} and ${ELEMENT} and r.intent in ('ELEMENT_COMPLETED', 'ELEMENT_TERMINATED') and r.value->>'bpmnElementType' = 'PROCESS'
     and i.process_instance_key = r.key`,
  `insert into kpi_completions_hourly (bpmn_process_id, version, hour, completed)
   select r.bpmn_process_id, (r.value->>'version')::int, date_bin('1 hour', r.timestamp, timestamptz '2000-01-01 00:00:00+00'), count(*)
   from records r
   where ${RANGE} and ${ELEMENT} and r.intent = 'ELEMENT_COMPLETED' and r.value->>'bpmnElementType' = 'PROCESS'
   group by 1, 2, 3
   on conflict (bpmn_process_id, version, hour) do update set completed = kpi_completions_hourly.completed + excluded.completed`,
  // element instances, ELEMENT_ACTIVATED → ELEMENT_COMPLETED
  `insert into kpi_element_instances (key, process_instance_key, flow_scope_key, bpmn_process_id, version, element_id, element_type, activated_at)
   select r.key, r.process_instance_key, nullif(r.value->>'flowScopeKey', '-1')::bigint, r.bpmn_process_id, (r.value->>'version')::int,
          r.element_id, r.value->>'bpmnElementType', r.timestamp
   from records r
   where ${RANGE} and ${ELEMENT} and r.intent = 'ELEMENT_ACTIVATED' and r.value->>'bpmnElementType' <> 'PROCESS'
   on conflict do nothing`,
  `update kpi_element_instances e set ended_at = r.timestamp,
     duration_ms = case when r.intent = 'ELEMENT_COMPLETED' then ${DURATION('r.timestamp', 'e.activated_at')} end
   from records r
   where ${RANGE} and ${ELEMENT} and r.intent in ('ELEMENT_COMPLETED', 'ELEMENT_TERMINATED') and r.value->>'bpmnElementType' <> 'PROCESS'
     and e.key = r.key`,
  // rework: an activity activated a second time in the same flow scope instance
  `update kpi_instances i set rework = true
   from (
     select e.process_instance_key from kpi_element_instances e
     join (select distinct (r.value->>'flowScopeKey')::bigint as scope, r.element_id from records r
           where ${RANGE} and ${ELEMENT} and r.intent = 'ELEMENT_ACTIVATED' and r.value->>'bpmnElementType' = any(:activities)) n
       on e.flow_scope_key = n.scope and e.element_id = n.element_id
     where e.element_type = any(:activities)
       and not exists (select 1 from kpi_element_instances b where b.key = e.flow_scope_key and b.element_type = 'MULTI_INSTANCE_BODY')
     group by e.process_instance_key, e.flow_scope_key, e.element_id having count(*) > 1
   ) x
   where i.process_instance_key = x.process_instance_key and not i.rework`,
  // incidents, open and total
  `update kpi_instances i set incidents = i.incidents + x.created, open_incidents = i.open_incidents + x.created - x.resolved
   from (select r.process_instance_key, count(*) filter (where r.intent = 'CREATED') as created, count(*) filter (where r.intent = 'RESOLVED') as resolved
         from records r where ${RANGE} and r.value_type = 'INCIDENT' group by 1) x
   where i.process_instance_key = x.process_instance_key`,
  // user tasks: due dates for SLA adherence, decisions for the override rate
  `insert into kpi_user_tasks (key, process_instance_key, bpmn_process_id, version, element_id, candidate_groups, created_at, due_at)
   select r.key, r.process_instance_key, r.bpmn_process_id, (r.value->>'processDefinitionVersion')::int, r.element_id,
          coalesce(r.value->'candidateGroupsList', '[]'::jsonb), r.timestamp, kpi_timestamp(r.value->>'dueDate')
   from records r where ${RANGE} and r.value_type = 'USER_TASK' and r.intent = 'CREATED'
   on conflict do nothing`,
  `update kpi_user_tasks t set
     due_at = kpi_timestamp(r.value->>'dueDate'),
     candidate_groups = coalesce(r.value->'candidateGroupsList', t.candidate_groups),
     state = case when r.intent in ('COMPLETED', 'CANCELED') then r.intent else t.state end,
     completed_at = case when r.intent = 'COMPLETED' then r.timestamp else t.completed_at end,
     completed_position = case when r.intent = 'COMPLETED' then r.position else t.completed_position end,
     decision = case when r.intent = 'COMPLETED' then r.value->'variables'->'decision' else t.decision end
   from (select distinct on (r.key) r.* from records r
         where ${RANGE} and r.value_type = 'USER_TASK' and r.intent in ('UPDATED', 'COMPLETED', 'CANCELED')
         order by r.key, r.position desc) r
   where t.key = r.key`,
  // rule outcomes: decision, else route
  `insert into kpi_rule_outcomes (position, process_instance_key, outcome)
   select a.position, a.process_instance_key, coalesce(a.payload->'outcome'->'decision', a.payload->'outcome'->'route')
   from audit_entries a
   where a.partition = 'rules' and a.seq > :rlo and a.seq <= :rhi and a.process_instance_key is not null
     and coalesce(a.payload->'outcome'->'decision', a.payload->'outcome'->'route') is not null
   on conflict do nothing`,
  // each decided task compared with the latest rule outcome before it in its instance
  `update kpi_user_tasks t set rule_outcome = (
     select o.outcome from kpi_rule_outcomes o
     where o.process_instance_key = t.process_instance_key and o.position < t.completed_position
     order by o.position desc limit 1)
   where t.decision is not null and t.process_instance_key in (
     select r.process_instance_key from records r where ${RANGE} and r.value_type = 'USER_TASK' and r.intent = 'COMPLETED'
     union select a.process_instance_key from audit_entries a where a.partition = 'rules' and a.seq > :rlo and a.seq <= :rhi)`,
];

export interface FoldRange {
  lo: string;
  hi: string;
  rlo: string;
  rhi: string;
}

/** Folds the range in and returns the process ids whose summaries it changed. */
export async function foldRange(trx: Knex.Transaction, range: FoldRange): Promise<string[]> {
  const bindings = { ...range, activities: ACTIVITY_TYPES };
  for (const sql of STATEMENTS) await trx.raw(sql, bindings);
  const { rows } = await trx.raw<{ rows: Array<{ id: string }> }>(
    `select distinct r.bpmn_process_id as id from records r
     where ${RANGE} and r.bpmn_process_id is not null and r.value_type in ('PROCESS_INSTANCE', 'INCIDENT', 'USER_TASK')
     union
     select i.bpmn_process_id from audit_entries a join kpi_instances i on i.process_instance_key = a.process_instance_key
     where a.partition = 'rules' and a.seq > :rlo and a.seq <= :rhi`,
    bindings,
  );
  return rows.map((r) => r.id);
}
