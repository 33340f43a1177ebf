import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ElementInstance } from '../engine/state/types.ts';

/** What the metrics read from the engine: its status and, when in process, its live state. */
export interface MetricsEngine {
  status(): Record<string, unknown>;
  readonly view?: { elements: { values(): Iterable<ElementInstance> } };
}

export interface Metrics {
  readonly registry: Registry;
  /** Express middleware timing every request (mount it before the routes). */
  readonly httpMetrics: RequestHandler;
  /** GET handler serving the registry in Prometheus' text format. */
  readonly handler: RequestHandler;
  /** Starts the record poller (no-op without knex). */
  start(): void;
  stop(): Promise<void>;
  /** One poll of new records; the poller calls it every `pollIntervalMs`. */
  pollOnce(): Promise<void>;
}

/**
 * Prometheus metrics for Baton. Gauges are read from the engine at scrape time; counters of
 * jobs, incidents and instances are derived from the record log (the engine has no event
 * hooks), by a poller that reads new records by position once a second.
 */
export function createMetrics(engine: MetricsEngine, options: { knex?: Knex; pollIntervalMs?: number; defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'baton_' });

  const requests = new Counter({ name: 'baton_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'baton_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const statusNumber = (name: string) => {
    const value = Number(engine.status()[name]);
    return Number.isFinite(value) ? value : 0;
  };
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('baton_engine_up', 'Whether the engine accepts commands (1) or not (0)', () => (engine.status().status === 'up' ? 1 : 0));
  gauge('baton_incidents_open', 'Open incidents', () => statusNumber('incidents'));
  gauge('baton_jobs_open', 'Jobs not yet completed (activatable, activated or backing off)', () => statusNumber('jobs'));
  gauge('baton_element_instances_active', 'Live element instances', () => statusNumber('elementInstances'));
  gauge('baton_timers_open', 'Pending timers', () => statusNumber('timers'));
  gauge('baton_engine_commands_processed', 'Commands processed since the engine started', () => statusNumber('commandsProcessed'));
  gauge('baton_engine_batches_committed', 'Batches (transactions) committed since the engine started', () => statusNumber('batchesCommitted'));

  new Gauge({
    name: 'baton_process_instances_active',
    help: 'Process instances running now',
    labelNames: ['bpmn_process_id'],
    registers: [registry],
    collect() {
      this.reset();
      if (!engine.view) return;
      const counts = new Map<string, number>();
      for (const e of engine.view.elements.values()) {
        if (e.elementType === 'PROCESS') counts.set(e.bpmnProcessId, (counts.get(e.bpmnProcessId) ?? 0) + 1);
      }
      for (const [id, n] of counts) this.set({ bpmn_process_id: id }, n);
    },
  });

  const counters = options.knex ? new RecordCounters(options.knex, registry) : undefined;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();

  return {
    registry,
    httpMetrics: (req: Request, res: Response, next: NextFunction) => {
      const stop = latency.startTimer();
      res.on('finish', () => {
        // The matched route's pattern, never the raw path: one series per route, not per key.
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        const labels = { method: req.method, route, status: String(res.statusCode) };
        requests.inc(labels);
        stop(labels);
      });
      next();
    },
    handler: async (_req: Request, res: Response) => {
      res.setHeader('Content-Type', registry.contentType);
      res.send(await registry.metrics());
    },
    start() {
      if (!counters || timer) return;
      const tick = () => {
        polling = counters.poll().catch(() => undefined);
        void polling.then(() => {
          if (timer) timer = setTimeout(tick, options.pollIntervalMs ?? 1000).unref();
        });
      };
      timer = setTimeout(tick, 0).unref();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await polling;
    },
    pollOnce: () => counters?.poll() ?? Promise.resolve(),
  };
}

const PAGE = 20_000;

/**
 * Counters fed from the record log. Records commit in position order (the audit chain's lock
 * serialises writers of `records`), so reading by position never skips one. Counting starts at
 * the log's end when the process starts: Prometheus treats the restart as a counter reset.
 */
class RecordCounters {
  private after: string | undefined;
  private readonly activated: Counter;
  private readonly completed: Counter;
  private readonly failed: Counter;
  private readonly incidentsCreated: Counter;
  private readonly incidentsResolved: Counter;
  private readonly instances: Counter;

  constructor(
    private readonly knex: Knex,
    registry: Registry,
  ) {
    const counter = (name: string, help: string, labelNames: string[]) => new Counter({ name, help, labelNames, registers: [registry] });
    this.activated = counter('baton_jobs_activated_total', 'Jobs handed to workers', ['type']);
    this.completed = counter('baton_jobs_completed_total', 'Jobs completed by workers', ['type']);
    this.failed = counter('baton_jobs_failed_total', 'Job failures reported by workers (FailJob)', ['type']);
    this.incidentsCreated = counter('baton_incidents_created_total', 'Incidents raised', ['bpmn_process_id']);
    this.incidentsResolved = counter('baton_incidents_resolved_total', 'Incidents resolved', ['bpmn_process_id']);
    this.instances = counter('baton_process_instances_total', 'Process instances started, completed or terminated', ['bpmn_process_id', 'event']);
  }

  async poll(): Promise<void> {
    if (this.after === undefined) {
      this.after = (await this.knex.raw<{ rows: Array<{ p: string | null }> }>('select max(position) as p from records')).rows[0]?.p ?? '0';
      return;
    }
    const upTo = (await this.knex.raw<{ rows: Array<{ p: string | null }> }>(
      'select max(position) as p from (select position from records where position > ? order by position limit ?) s',
      [this.after, PAGE],
    )).rows[0]?.p;
    if (!upTo) return;
    const { rows } = await this.knex.raw<{ rows: Array<{ value_type: string; intent: string; label: string; n: number }> }>(
      `select value_type, intent, case when value_type like 'JOB%' then value->>'type' else bpmn_process_id end as label,
              sum(case when value_type = 'JOB_BATCH' then jsonb_array_length(value->'jobKeys') else 1 end)::int as n
       from records
       where position > ? and position <= ?
         and (value_type in ('JOB', 'JOB_BATCH', 'INCIDENT')
              or (value_type = 'PROCESS_INSTANCE' and value->>'bpmnElementType' = 'PROCESS' and intent in ('ELEMENT_ACTIVATED', 'ELEMENT_COMPLETED', 'ELEMENT_TERMINATED')))
       group by 1, 2, 3`,
      [this.after, upTo],
    );
    for (const r of rows) this.count(r.value_type, r.intent, r.label ?? '', r.n);
    this.after = upTo;
  }

  private count(valueType: string, intent: string, label: string, n: number): void {
    if (valueType === 'JOB_BATCH' && intent === 'ACTIVATED') this.activated.inc({ type: label }, n);
    else if (valueType === 'JOB' && intent === 'COMPLETED') this.completed.inc({ type: label }, n);
    else if (valueType === 'JOB' && intent === 'FAILED') this.failed.inc({ type: label }, n);
    else if (valueType === 'INCIDENT' && intent === 'CREATED') this.incidentsCreated.inc({ bpmn_process_id: label }, n);
    else if (valueType === 'INCIDENT' && intent === 'RESOLVED') this.incidentsResolved.inc({ bpmn_process_id: label }, n);
    else if (valueType === 'PROCESS_INSTANCE') {
      const event = intent === 'ELEMENT_ACTIVATED' ? 'started' : intent === 'ELEMENT_COMPLETED' ? 'completed' : 'terminated';
      this.instances.inc({ bpmn_process_id: label, event }, n);
    }
  }
}
