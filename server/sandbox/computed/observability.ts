import type { Body } from '../store.ts';
import { between, pick, stableHash } from './hash.ts';
import type { ComputedContext, ComputedResource } from './types.ts';

/** Known causes, each with the runbook an automated remediation would run. */
const CAUSES = [
  { cause: 'disk-full', keywords: ['disk', 'storage'], service: 'storage', metric: 'disk_used_percent', value: 97, threshold: 90, runbook: 'clean-temp-files', message: 'No space left on device' },
  { cause: 'memory-leak', keywords: ['memory', 'oom', 'leak'], service: 'api', metric: 'memory_used_percent', value: 94, threshold: 85, runbook: 'restart-service', message: 'OutOfMemoryError: heap exhausted' },
  { cause: 'cpu-saturation', keywords: ['cpu', 'load'], service: 'worker', metric: 'cpu_used_percent', value: 99, threshold: 90, runbook: 'scale-out', message: 'request queue saturated, CPU at 99%' },
  { cause: 'database-connections', keywords: ['db', 'database', 'postgres'], service: 'database', metric: 'db_connections', value: 500, threshold: 450, runbook: 'recycle-connection-pool', message: 'too many connections for role "app"' },
  { cause: 'unknown', keywords: ['unknown', 'mystery'], service: 'checkout', metric: 'error_rate', value: 0.31, threshold: 0.05, runbook: null, message: 'upstream returned 502 Bad Gateway' },
] as const;
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

function causeOf(text: string) {
  const lower = text.toLowerCase();
  return CAUSES.find((c) => c.keywords.some((k) => lower.includes(k))) ?? pick(CAUSES, stableHash(`cause:${text}`));
}

/**
 * GET /monitoring/alerts/:id for an alert nobody stored: canned, by id. Words in the id steer
 * it (`disk-critical-1`: a critical disk-full alert), so a demo can ask for the path it shows.
 */
export function cannedAlert(id: string, now: Date): Body {
  const c = causeOf(id);
  const lower = id.toLowerCase();
  const severity = SEVERITIES.find((s) => lower.includes(s)) ?? pick(SEVERITIES, stableHash(`severity:${id}`));
  return {
    id,
    service: c.service,
    metric: c.metric,
    value: c.value,
    threshold: c.threshold,
    severity,
    cause: c.cause,
    knownCause: c.cause !== 'unknown',
    runbook: c.runbook,
    message: `${c.metric} above ${c.threshold} on ${c.service}`,
    triggeredAt: new Date(now.getTime() - 5 * 60_000).toISOString(),
  };
}

export const alerts: ComputedResource = {
  fallback: (id, ctx) => cannedAlert(id, ctx.now()),
};

/** GET /logs/search?service=&query= → a few matching log lines, the same for the same search. */
export const logSearch: ComputedResource = {
  query(ctx: ComputedContext) {
    const service = ctx.query.service ?? 'api';
    const text = ctx.query.query ?? ctx.query.q ?? '';
    const c = causeOf(`${service} ${text}`);
    const count = between(`${service}|${text}`, 'lines', 3, 6);
    const start = ctx.now().getTime() - 10 * 60_000;
    const entries = Array.from({ length: count }, (_, i) => ({
      at: new Date(start + i * 90_000).toISOString(),
      level: i === count - 1 ? 'ERROR' : pick(['WARN', 'ERROR', 'INFO'], stableHash(`${service}|${text}|${i}`)),
      service,
      message: i === count - 1 ? c.message : `${c.metric} at ${Math.round(c.threshold * (0.9 + i * 0.03) * 100) / 100}`,
    }));
    return { service, query: text, total: entries.length, cause: c.cause, entries };
  },
};

/** GET /metrics/query?metric=&service= → twelve points over the last hour and a summary. */
export const metricsQuery: ComputedResource = {
  query(ctx: ComputedContext) {
    const service = ctx.query.service ?? 'api';
    const c = causeOf(`${service} ${ctx.query.metric ?? ''}`);
    const metric = ctx.query.metric ?? c.metric;
    const end = ctx.now().getTime();
    // A rise towards the alert's value: the shape an on-call engineer expects to see.
    const points = Array.from({ length: 12 }, (_, i) => ({
      at: new Date(end - (11 - i) * 5 * 60_000).toISOString(),
      value: Math.round(c.value * (0.55 + (0.45 * i) / 11) * 100) / 100,
    }));
    const values = points.map((p) => p.value);
    const avg = Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
    return { service, metric, points, summary: { min: Math.min(...values), max: Math.max(...values), avg, last: values.at(-1), threshold: c.threshold, breached: values.at(-1)! > c.threshold } };
  },
};
