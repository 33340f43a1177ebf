import type { Knex } from 'knex';

export interface KpiConfig {
  /** Target cycle time per BPMN process id, in minutes: the SLA for process instances. */
  processTargets?: Record<string, number>;
}

/**
 * Recomputes the summary rows of the given processes from the rollups, per version and for all
 * versions together (version 0). Percentiles are exact (percentile_cont, linear interpolation).
 */
export async function recomputeSummaries(trx: Knex.Transaction, processIds: string[] | 'all', config: KpiConfig): Promise<void> {
  const filter = processIds === 'all' ? 'true' : 'bpmn_process_id = any(:ids)';
  const bindings = { ids: processIds === 'all' ? [] : processIds, targets: JSON.stringify(config.processTargets ?? {}) };
  if (processIds !== 'all' && !processIds.length) return;
  await trx.raw(`delete from kpi_process_summary where ${filter}`, bindings);
  await trx.raw(
    `insert into kpi_process_summary (bpmn_process_id, version, started, completed, terminated, active, incidents_total, incidents_open,
       instances_with_incidents, cycle_avg_ms, cycle_p50_ms, cycle_p95_ms, cycle_p99_ms, sla_target_minutes, sla_met, rework, first_time_right)
     select bpmn_process_id, coalesce(version, 0), count(*), count(*) filter (where state = 'COMPLETED'), count(*) filter (where state = 'TERMINATED'),
       count(*) filter (where state = 'ACTIVE'), sum(incidents), sum(open_incidents), count(*) filter (where incidents > 0),
       avg(duration_ms), percentile_cont(0.5) within group (order by duration_ms), percentile_cont(0.95) within group (order by duration_ms),
       percentile_cont(0.99) within group (order by duration_ms),
       max(target), count(*) filter (where duration_ms <= target * 60000),
       count(*) filter (where rework), count(*) filter (where state = 'COMPLETED' and not rework and incidents = 0)
     from (select i.*, (cast(:targets as jsonb) ->> i.bpmn_process_id)::double precision as target from kpi_instances i where ${filter}) i
     group by grouping sets ((bpmn_process_id, version), (bpmn_process_id))`,
    bindings,
  );
  await trx.raw(
    `update kpi_process_summary s set user_tasks_with_due = x.with_due, user_tasks_on_time = x.on_time, decisions_compared = x.compared, overrides = x.overrides
     from (
       select bpmn_process_id, coalesce(version, 0) as version,
         count(*) filter (where state = 'COMPLETED' and due_at is not null) as with_due,
         count(*) filter (where state = 'COMPLETED' and due_at is not null and completed_at <= due_at) as on_time,
         count(*) filter (where decision is not null and rule_outcome is not null) as compared,
         count(*) filter (where decision is not null and rule_outcome is not null and decision <> rule_outcome) as overrides
       from kpi_user_tasks where ${filter}
       group by grouping sets ((bpmn_process_id, version), (bpmn_process_id))
     ) x
     where s.bpmn_process_id = x.bpmn_process_id and s.version = x.version`,
    bindings,
  );
  await trx.raw(`delete from kpi_element_summary where ${filter}`, bindings);
  await trx.raw(
    `insert into kpi_element_summary (bpmn_process_id, version, element_id, element_type, completed, active, avg_ms, p50_ms, p95_ms, max_ms)
     select bpmn_process_id, coalesce(version, 0), element_id, element_type, count(duration_ms), count(*) filter (where ended_at is null),
       avg(duration_ms), percentile_cont(0.5) within group (order by duration_ms), percentile_cont(0.95) within group (order by duration_ms),
       max(duration_ms)
     from kpi_element_instances where ${filter}
     group by grouping sets ((bpmn_process_id, version, element_id, element_type), (bpmn_process_id, element_id, element_type))`,
    bindings,
  );
}
