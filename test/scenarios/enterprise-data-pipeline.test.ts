import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, path, seed } from './enterprise-support.ts';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

const PROCESS = 'data-pipeline';

/**
 * Data pipeline (bpmn/data-pipeline.bpmn) end to end: sources are the sandbox's datasource
 * collections, the load goes to its warehouse, the report to chat.
 */
describe('enterprise workflow: data pipeline (ETL)', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => {
    await s.reset();
    await seed(s, 'datasource', 'orders', { id: 'o-1', amount: 120, email: ' Ada@Example.COM ' });
    await seed(s, 'datasource', 'orders', { id: 'o-2', amount: -5 });
    await seed(s, 'datasource', 'payments', { id: 'p-1', amount: 99.5 });
    await seed(s, 'datasource', 'customers', { id: 'c-1', email: 'grace@example.com' });
  });

  const loaded = async (loadId: unknown) => (await fetch(`${s.sandbox.url}/warehouse/loads/${String(loadId)}`)).json() as Promise<{ rows: Array<Record<string, unknown>> }>;
  const lastChat = async () => ((await (await fetch(`${s.sandbox.url}/chat/messages`)).json()) as Array<{ text: string }>).at(-1)?.text;

  it('extracts every source in parallel, sets invalid rows aside, loads the rest and notifies', async () => {
    const pi = await s.start(PROCESS, { runId: 'run-1', sources: ['orders', 'payments', 'customers'] });
    const trail = await path(s, pi, PROCESS);
    expect(trail.slice(-7)).toEqual(['transform-validate', 'rows-to-load', 'load-warehouse', 'loaded', 'notify-completion', 'all-sources-loaded', 'pipeline-completed']);
    expect(trail.filter((e) => e === 'extract-source')).toHaveLength(3);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ pipelineStatus: 'complete', rowCount: 3, loadedRows: 3, failedSources: [], extractedSources: ['orders', 'payments', 'customers'] });
    expect(vars.rejectedRows).toEqual([{ source: 'orders', id: 'o-2', reason: 'amount -5 is not a non-negative number' }]);
    const { rows } = await loaded(vars.loadId);
    expect(rows).toEqual([
      { id: 'o-1', amount: 120, email: 'ada@example.com', source: 'orders', runId: 'run-1' },
      { id: 'p-1', amount: 99.5, source: 'payments', runId: 'run-1' },
      { id: 'c-1', email: 'grace@example.com', source: 'customers', runId: 'run-1' },
    ]);
    expect(await lastChat()).toBe('Pipeline run run-1: complete. Loaded 3 rows from orders, payments, customers. 1 invalid rows set aside.');
  });

  it('retries a flaky source, skips one that stays down and keeps the partial result', async () => {
    await s.control.fault({ system: 'datasource', resource: 'payments', mode: 'fail', times: 2 });
    await s.control.fault({ system: 'datasource', resource: 'customers', mode: 'fail' }); // down for good
    const pi = await s.start(PROCESS, { runId: 'run-2', sources: ['orders', 'payments', 'customers'] });
    const trail = await path(s, pi, PROCESS);
    expect(trail).toContain('source-failed');
    expect(trail.slice(-2)).toEqual(['all-sources-loaded', 'pipeline-partial']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ pipelineStatus: 'partial', loadedRows: 2, extractedSources: ['orders', 'payments'] });
    expect(vars.failedSources).toEqual([{ source: 'customers', reason: expect.stringContaining('gave up after the last retry') }]);
    // The multi-instance output keeps the sources' order whatever order they finished in.
    expect((vars.extracts as Array<{ source: string; status: string }>).map((e) => `${e.source}:${e.status}`)).toEqual(['orders:ok', 'payments:ok', 'customers:failed']);
    const log = await calls(s, { system: 'datasource' });
    expect(log.filter((c) => c.startsWith('GET datasource/payments'))).toEqual(['GET datasource/payments 503', 'GET datasource/payments 503', 'GET datasource/payments 200']);
    expect(log.filter((c) => c.startsWith('GET datasource/customers'))).toEqual(Array(4).fill('GET datasource/customers 503'));
    expect(await lastChat()).toContain('Failed sources: customers (gave up after the last retry');
  });

  it('loads nothing and says so when every source fails', async () => {
    await s.control.fault({ system: 'datasource', mode: 'reject', body: { error: 'credentials expired' } });
    const pi = await s.start(PROCESS, { runId: 'run-3', sources: ['orders', 'payments'] });
    const trail = await path(s, pi, PROCESS);
    expect(trail).not.toContain('load-warehouse');
    expect(trail.slice(-6)).toEqual(['transform-validate', 'rows-to-load', 'loaded', 'notify-completion', 'all-sources-loaded', 'pipeline-partial']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ pipelineStatus: 'failed', rowCount: 0 });
    expect(vars.failedSources).toEqual([
      { source: 'orders', reason: expect.stringContaining('credentials expired') },
      { source: 'payments', reason: expect.stringContaining('credentials expired') },
    ]);
    expect(await calls(s, { system: 'warehouse' })).toEqual([]);
  });
});
