import type { Knex } from 'knex';

/** Read side of the KPI endpoints: a few rows from the summaries, or small live tables. */

export interface ProcessKpi {
  bpmnProcessId: string;
  /** null: all versions together. */
  version: number | null;
  instances: { started: number; completed: number; terminated: number; active: number };
  incidents: { open: number; total: number; instancesWithIncidents: number };
  cycleTimeMs: { avg: number | null; p50: number | null; p95: number | null; p99: number | null };
  sla: { targetMinutes: number | null; met: number | null; completed: number; rate: number | null };
  userTaskSla: { withDueDate: number; onTime: number; rate: number | null };
  rework: { instances: number; rate: number | null };
  firstTimeRight: { instances: number; rate: number | null };
  overrides: { compared: number; overridden: number; rate: number | null };
}

interface SummaryRow {
  bpmn_process_id: string;
  version: number;
  started: number;
  completed: number;
  terminated: number;
  active: number;
  incidents_total: number;
  incidents_open: number;
  instances_with_incidents: number;
  cycle_avg_ms: number | null;
  cycle_p50_ms: number | null;
  cycle_p95_ms: number | null;
  cycle_p99_ms: number | null;
  sla_target_minutes: number | null;
  sla_met: number | null;
  rework: number;
  first_time_right: number;
  user_tasks_with_due: number;
  user_tasks_on_time: number;
  decisions_compared: number;
  overrides: number;
}

const rate = (n: number | null, d: number) => (n === null || d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
const ms = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function toKpi(r: SummaryRow): ProcessKpi {
  return {
    bpmnProcessId: r.bpmn_process_id,
    version: r.version === 0 ? null : r.version,
    instances: { started: r.started, completed: r.completed, terminated: r.terminated, active: r.active },
    incidents: { open: r.incidents_open, total: r.incidents_total, instancesWithIncidents: r.instances_with_incidents },
    cycleTimeMs: { avg: ms(r.cycle_avg_ms), p50: ms(r.cycle_p50_ms), p95: ms(r.cycle_p95_ms), p99: ms(r.cycle_p99_ms) },
    sla: { targetMinutes: r.sla_target_minutes, met: r.sla_target_minutes === null ? null : r.sla_met, completed: r.completed, rate: r.sla_target_minutes === null ? null : rate(r.sla_met, r.completed) },
    userTaskSla: { withDueDate: r.user_tasks_with_due, onTime: r.user_tasks_on_time, rate: rate(r.user_tasks_on_time, r.user_tasks_with_due) },
    rework: { instances: r.rework, rate: rate(r.rework, r.started) },
    firstTimeRight: { instances: r.first_time_right, rate: rate(r.first_time_right, r.completed) },
    overrides: { compared: r.decisions_compared, overridden: r.overrides, rate: rate(r.overrides, r.decisions_compared) },
  };
}

export type ProcessKpiWithVersions = ProcessKpi & { versions: ProcessKpi[] };

export async function processKpis(knex: Knex, bpmnProcessId?: string): Promise<ProcessKpiWithVersions[]> {
  const query = knex<SummaryRow>('kpi_process_summary').orderBy([{ column: 'bpmn_process_id' }, { column: 'version' }]);
  if (bpmnProcessId) void query.where({ bpmn_process_id: bpmnProcessId });
  const rows = await query;
  const byProcess = new Map<string, ProcessKpiWithVersions>();
  for (const row of rows.filter((r) => r.version === 0)) byProcess.set(row.bpmn_process_id, { ...toKpi(row), versions: [] });
  for (const row of rows.filter((r) => r.version !== 0)) byProcess.get(row.bpmn_process_id)?.versions.push(toKpi(row));
  return [...byProcess.values()];
}

export interface ElementKpi {
  bpmnProcessId: string;
  version: number | null;
  elementId: string;
  elementType: string;
  completed: number;
  active: number;
  durationMs: { avg: number | null; p50: number | null; p95: number | null; max: number | null };
}

/** Slowest first: the bottlenecks lead. */
export async function elementKpis(knex: Knex, filter: { bpmnProcessId?: string; version?: number }): Promise<ElementKpi[]> {
  const query = knex('kpi_element_summary')
    .where({ version: filter.version ?? 0 })
    .orderByRaw('avg_ms desc nulls last, bpmn_process_id, element_id');
  if (filter.bpmnProcessId) void query.andWhere({ bpmn_process_id: filter.bpmnProcessId });
  const rows = (await query) as Array<{ bpmn_process_id: string; version: number; element_id: string; element_type: string; completed: number; active: number; avg_ms: number | null; p50_ms: number | null; p95_ms: number | null; max_ms: number | null }>;
  return rows.map((r) => ({
    bpmnProcessId: r.bpmn_process_id,
    version: r.version === 0 ? null : r.version,
    elementId: r.element_id,
    elementType: r.element_type,
    completed: r.completed,
    active: r.active,
    durationMs: { avg: ms(r.avg_ms), p50: ms(r.p50_ms), p95: ms(r.p95_ms), max: ms(r.max_ms) },
  }));
}

const STEP_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/** Start of the UTC hour or day holding `at`. */
export function bucketStart(at: Date, granularity: 'hour' | 'day'): Date {
  return new Date(Math.floor(at.getTime() / STEP_MS[granularity]) * STEP_MS[granularity]);
}

/**
 * Completed instances per UTC hour or day, from the hourly rollup: buckets from `from` (rounded
 * down to its bucket) while they start before `to`, so the last bucket is always whole; empty
 * buckets included, so a chart needs no gap filling.
 */
export async function throughput(knex: Knex, q: { granularity: 'hour' | 'day'; from: Date; to: Date; bpmnProcessId?: string }): Promise<Array<{ start: string; completed: number }>> {
  const step = STEP_MS[q.granularity];
  const from = bucketStart(q.from, q.granularity);
  const end = new Date(from.getTime() + Math.ceil((q.to.getTime() - from.getTime()) / step) * step);
  const { rows } = await knex.raw<{ rows: Array<{ i: number; n: number }> }>(
    `select floor(extract(epoch from (hour - cast(:from as timestamptz))) * 1000 / :step)::int as i, sum(completed)::int as n
     from kpi_completions_hourly
     where hour >= :from and hour < :to ${q.bpmnProcessId ? 'and bpmn_process_id = :pid' : ''}
     group by 1`,
    { from, to: end, step, pid: q.bpmnProcessId ?? null },
  );
  const counts = new Map(rows.map((r) => [r.i, r.n]));
  const buckets: Array<{ start: string; completed: number }> = [];
  for (let i = 0, t = from.getTime(); t < end.getTime(); i++, t += step) buckets.push({ start: new Date(t).toISOString(), completed: counts.get(i) ?? 0 });
  return buckets;
}

export interface JobQueue {
  type: string;
  activatable: number;
  activated: number;
  /** Failed with retries left, waiting for the back-off to pass. */
  backingOff: number;
  /** Failed for good (no retries left, or an uncaught error): waiting on an incident. */
  failed: number;
  total: number;
}

export interface TaskQueue {
  /** `(none)` for tasks without candidate groups. A task with two groups counts in both. */
  candidateGroup: string;
  open: number;
  unassigned: number;
  overdue: number;
  oldestCreatedAt: string | null;
}

/** Backlog now, from the engine's committed live state (jobs and user tasks not yet done). */
export async function queues(knex: Knex): Promise<{ jobs: JobQueue[]; userTasks: TaskQueue[] }> {
  const jobs = await knex.raw<{ rows: JobQueue[] }>(
    `select doc->>'type' as type, count(*) filter (where doc->>'state' = 'ACTIVATABLE')::int as activatable,
            count(*) filter (where doc->>'state' = 'ACTIVATED')::int as activated,
            count(*) filter (where doc->>'state' = 'FAILED' and (doc->>'retries')::int > 0)::int as "backingOff",
            count(*) filter (where doc->>'state' = 'ERROR_THROWN' or (doc->>'state' = 'FAILED' and (doc->>'retries')::int <= 0))::int as failed,
            count(*)::int as total
     from jobs group by 1 order by 1`,
  );
  const tasks = await knex.raw<{ rows: Array<Omit<TaskQueue, 'oldestCreatedAt'> & { oldest: string | null }> }>(
    `select g.name as "candidateGroup", count(*)::int as open,
            count(*) filter (where coalesce(t.doc->>'assignee', '') = '')::int as unassigned,
            count(*) filter (where kpi_timestamp(t.doc->>'dueDate') < now())::int as overdue,
            min((t.doc->>'createdAt')::bigint) as oldest
     from user_tasks t
     cross join lateral jsonb_array_elements_text(
       case when jsonb_array_length(coalesce(t.doc->'candidateGroups', '[]'::jsonb)) = 0 then '["(none)"]'::jsonb else t.doc->'candidateGroups' end) as g(name)
     group by 1 order by 1`,
  );
  return {
    jobs: jobs.rows,
    userTasks: tasks.rows.map(({ oldest, ...t }) => ({ ...t, oldestCreatedAt: oldest === null ? null : new Date(Number(oldest)).toISOString() })),
  };
}
