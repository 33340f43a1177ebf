import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLogging } from '../server/logging.ts';
import { createMetrics, type Metrics } from '../server/metrics.ts';
import { sequence } from './support/bpmn.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';

/** GET /metrics in Prometheus' format, and one structured log line per request with its id. */
describe('metrics and request logs', () => {
  let h: Harness;
  let metrics: Metrics;
  let server: Server;
  let base: string;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    h = await startHarness();
    metrics = createMetrics(h.engine, { knex: h.db.knex, defaultMetrics: false });
    await metrics.pollOnce(); // counting starts at the end of the log
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const app = express();
    app.use(requestLogging(pino({ level: 'info' }, sink)));
    app.use(metrics.httpMetrics);
    app.get('/metrics', metrics.handler);
    app.get('/api/process-instances/:processInstanceKey', (req, res) => {
      res.json({ key: req.params.processInstanceKey });
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    await h.engine.deployResources([{ name: 'two.bpmn', content: sequence('two', ['pack', 'ship']) }]);
    for (let i = 0; i < 3; i++) await h.engine.createProcessInstance({ bpmnProcessId: 'two' });
    const activate = (type: string, n: number) => h.engine.activateJobs({ type, worker: 't', timeout: 60_000, maxJobsToActivate: n, requestTimeout: -1 });
    const packs = await activate('pack', 3);
    await h.engine.failJob({ jobKey: packs[0]!.key, retries: 2 });
    for (const job of packs.slice(1)) await h.engine.completeJob({ jobKey: job.key });
    const [again] = await activate('pack', 1);
    await h.engine.failJob({ jobKey: again!.key, retries: 0, errorMessage: 'no stock' });
    const ships = await activate('ship', 5);
    for (const job of ships) await h.engine.completeJob({ jobKey: job.key });
    await h.engine.whenIdle();
    await metrics.pollOnce();
  });
  afterAll(async () => {
    await metrics?.stop();
    server?.close();
    await h?.stop();
  });

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('counts jobs, incidents and instances from the record log and reads gauges from the engine', async () => {
    const text = await scrape();
    for (const line of [
      'baton_jobs_activated_total{type="pack"} 4',
      'baton_jobs_activated_total{type="ship"} 2',
      'baton_jobs_completed_total{type="pack"} 2',
      'baton_jobs_completed_total{type="ship"} 2',
      'baton_jobs_failed_total{type="pack"} 2',
      'baton_incidents_created_total{bpmn_process_id="two"} 1',
      'baton_process_instances_total{bpmn_process_id="two",event="started"} 3',
      'baton_process_instances_total{bpmn_process_id="two",event="completed"} 2',
      'baton_process_instances_active{bpmn_process_id="two"} 1',
      'baton_incidents_open 1',
      'baton_engine_up 1',
    ]) {
      expect(text.split('\n'), line).toContain(line);
    }
    expect(text).toContain('# TYPE baton_jobs_activated_total counter');
  });

  it('times HTTP requests per route pattern, not per raw path', async () => {
    await fetch(`${base}/api/process-instances/123`);
    await fetch(`${base}/api/process-instances/456`);
    await fetch(`${base}/nowhere`);
    const text = await scrape();
    expect(text).toContain('baton_http_requests_total{method="GET",route="/api/process-instances/:processInstanceKey",status="200"} 2');
    expect(text).toContain('baton_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toMatch(/baton_http_request_duration_seconds_count\{method="GET",route="\/api\/process-instances\/:processInstanceKey",status="200"\} 2/);
  });

  it('keeps a sane X-Request-Id, makes one otherwise, and logs each request with its instance key', async () => {
    logLines.length = 0;
    const given = await fetch(`${base}/api/process-instances/2251799813685249`, { headers: { 'X-Request-Id': 'trace-42' } });
    expect(given.headers.get('x-request-id')).toBe('trace-42');
    const made = await fetch(`${base}/api/process-instances/7`, { headers: { 'X-Request-Id': 'bad id\twith tab' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => logLines.length).toBe(2);
    expect(logLines[0]).toMatchObject({ level: 30, msg: 'request', requestId: 'trace-42', method: 'GET', path: '/api/process-instances/2251799813685249', status: 200, processInstanceKey: '2251799813685249' });
    expect(logLines[1]).toMatchObject({ requestId: made.headers.get('x-request-id'), processInstanceKey: '7' });
    expect(typeof logLines[0]!.durationMs).toBe('number');
  });
});
