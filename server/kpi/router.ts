import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { BadRequest, badRequestHandler, instant, label, parseQuery } from '../audit/validation.ts';
import { elementKpis, processKpis, queues, throughput } from './read.ts';

const version = z.coerce.number({ error: 'expected a version number' }).int('expected a whole number').min(1, 'must be at least 1');
const processesQuery = z.strictObject({});
const elementsQuery = z.strictObject({ bpmnProcessId: label.optional(), version: version.optional() });
const throughputQuery = z.strictObject({
  granularity: z.enum(['hour', 'day'], { error: 'expected hour or day' }).default('hour'),
  bpmnProcessId: label.optional(),
  from: instant.optional(),
  to: instant.optional(),
});

/** Longest window per granularity, so one request cannot ask for millions of buckets. */
const MAX_BUCKETS = { hour: 24 * 92, day: 366 * 5 };
const DEFAULT_WINDOW_MS = { hour: 24 * 3_600_000, day: 30 * 86_400_000 };

/**
 * KPI endpoints, to mount at `/api/kpi` (no authorisation inside):
 *
 * - GET /processes                 every process: all versions together, with `versions`
 * - GET /processes/:bpmnProcessId  one process (404 when it never ran)
 * - GET /elements                  time per element (bottlenecks first); ?bpmnProcessId, ?version
 * - GET /throughput                completed instances per hour or day; ?granularity, ?from, ?to, ?bpmnProcessId
 * - GET /queues                    jobs waiting per job type, open user tasks per candidate group
 *
 * Every answer carries `asOf`: when the refresher last caught up with the record log.
 */
export function createKpiRouter(options: { knex: Knex }): Router {
  const { knex } = options;
  const router = Router();
  const asOf = async () => {
    const row = (await knex('kpi_watermarks').where({ source: 'records' }).first('refreshed_at', 'position')) as { refreshed_at: Date | null; position: string } | undefined;
    return { asOf: row?.refreshed_at?.toISOString() ?? null, position: row?.position ?? '0' };
  };

  router.get('/processes', async (req, res) => {
    parseQuery(processesQuery, req.query);
    const [freshness, processes] = await Promise.all([asOf(), processKpis(knex)]);
    res.json({ ...freshness, processes });
  });

  router.get('/processes/:bpmnProcessId', async (req, res) => {
    parseQuery(processesQuery, req.query);
    const [freshness, [process]] = await Promise.all([asOf(), processKpis(knex, req.params.bpmnProcessId)]);
    if (!process) {
      res.status(404).json({ error: `no instances of process '${req.params.bpmnProcessId}' have been recorded` });
      return;
    }
    res.json({ ...freshness, ...process });
  });

  router.get('/elements', async (req, res) => {
    const q = parseQuery(elementsQuery, req.query);
    const [freshness, elements] = await Promise.all([asOf(), elementKpis(knex, q)]);
    res.json({ ...freshness, elements });
  });

  router.get('/throughput', async (req, res) => {
    const q = parseQuery(throughputQuery, req.query);
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS[q.granularity]);
    if (from >= to) throw new BadRequest('from: must be before `to`', [{ field: 'from', message: 'must be before `to`' }]);
    const step = q.granularity === 'hour' ? 3_600_000 : 86_400_000;
    if ((to.getTime() - from.getTime()) / step > MAX_BUCKETS[q.granularity]) {
      const message = `the window holds more than ${MAX_BUCKETS[q.granularity]} ${q.granularity}s; narrow it or use a coarser granularity`;
      throw new BadRequest(`from: ${message}`, [{ field: 'from', message }]);
    }
    const [freshness, buckets] = await Promise.all([asOf(), throughput(knex, { granularity: q.granularity, from, to, bpmnProcessId: q.bpmnProcessId })]);
    res.json({ ...freshness, granularity: q.granularity, from: from.toISOString(), to: to.toISOString(), buckets });
  });

  router.get('/queues', async (req, res) => {
    parseQuery(z.strictObject({}), req.query);
    res.json({ asOf: new Date().toISOString(), ...(await queues(knex)) });
  });

  router.use(badRequestHandler);
  return router;
}
