import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/clock/clock.ts';
import { SandboxControl, startSandbox, type StandaloneSandbox } from '../server/sandbox/index.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

/** Resources that compute their answers: enrichment, test runs, scans, monitoring, logs, metrics, migration. */
describe('sandbox computed systems', () => {
  let db: TestDatabase;
  let sandbox: StandaloneSandbox;
  let control: SandboxControl;
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 12, 0, 0));

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ knex: db.knex, clock });
    control = new SandboxControl(sandbox.url);
  });
  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await control.clearFaults();
    await control.clearData();
  });

  async function http(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON answers
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  }

  describe('enrichment/leads', () => {
    it('derives firmographics from the e-mail domain, the same every time', async () => {
      const a = await http('POST', '/enrichment/leads', { email: 'Jane@Example-Widgets.io', name: 'Jane' });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ email: 'Jane@Example-Widgets.io', name: 'Jane', domain: 'example-widgets.io', company: 'Example Widgets', personalEmail: false });
      expect(['small', 'medium', 'large', 'enterprise']).toContain(a.body.companySize);
      expect(a.body.employees).toBeGreaterThan(0);
      expect(a.body.revenue).toBeGreaterThan(0);
      const b = await http('POST', '/enrichment/leads', { email: 'bob@example-widgets.io' });
      for (const field of ['companySize', 'employees', 'industry', 'revenue', 'country']) expect(b.body[field]).toEqual(a.body[field]);
      // The answer is stored: a later GET tells the same story.
      expect((await http('GET', `/enrichment/leads/${a.body.id}`)).body).toEqual(a.body);
    });

    it('knows a few companies and free-mail domains', async () => {
      expect((await http('POST', '/enrichment/leads', { email: 'gavin@hooli.com' })).body).toMatchObject({ company: 'Hooli', companySize: 'enterprise', employees: 32000, industry: 'technology', revenue: 9_800_000_000 });
      expect((await http('POST', '/enrichment/leads', { email: 'richard@piedpiper.com' })).body).toMatchObject({ companySize: 'small', revenue: 2_000_000 });
      expect((await http('POST', '/enrichment/leads', { email: 'someone@gmail.com' })).body).toMatchObject({ company: null, companySize: 'individual', revenue: 0, personalEmail: true });
    });

    it('needs an e-mail address', async () => {
      expect(await http('POST', '/enrichment/leads', {})).toEqual({ status: 400, body: { error: 'email: is required', field: 'email' } });
      expect(await http('POST', '/enrichment/leads', { email: 'not-an-address' })).toEqual({ status: 400, body: { error: 'email: must be an e-mail address', field: 'email' } });
    });
  });

  describe('testing/runs', () => {
    it('answers passed, failed and coverage deterministically by suite name', async () => {
      const unit = await http('POST', '/testing/runs', { suite: 'unit' });
      expect(unit.status).toBe(201);
      expect(unit.body).toMatchObject({ suite: 'unit', failed: 0, status: 'passed' });
      expect(unit.body.passed).toBe(unit.body.total);
      expect(unit.body.coverage).toBeGreaterThanOrEqual(80);
      expect((await http('POST', '/testing/runs', { suite: 'unit' })).body).toMatchObject({ passed: unit.body.passed, coverage: unit.body.coverage });
      const broken = await http('POST', '/testing/runs', { suite: 'integration-broken' });
      expect(broken.body.failed).toBeGreaterThan(0);
      expect(broken.body.coverage).toBeLessThan(70);
      expect(broken.body.status).toBe('failed');
    });

    it('a fault `respond` overrides the result (a failing gate on demand)', async () => {
      await control.fault({ system: 'testing', resource: 'runs', method: 'POST', mode: 'respond', respond: { passed: 10, failed: 3, coverage: 41 }, times: 1 });
      expect((await http('POST', '/testing/runs', { suite: 'unit' })).body).toMatchObject({ suite: 'unit', passed: 10, failed: 3, coverage: 41 });
      expect((await http('POST', '/testing/runs', { suite: 'unit' })).body.failed).toBe(0);
    });

    it('needs a suite', async () => {
      expect(await http('POST', '/testing/runs', { suite: '' })).toEqual({ status: 400, body: { error: 'suite: must not be empty', field: 'suite' } });
    });
  });

  it('security/scans: findings by target, serious ones only for risky targets', async () => {
    const clean = await http('POST', '/security/scans', { target: 'billing-service' });
    expect(clean.body.counts).toMatchObject({ critical: 0, high: 0 });
    expect(clean.body.passed).toBe(true);
    const risky = await http('POST', '/security/scans', { target: 'legacy-portal' });
    expect(risky.body.findings.length).toBeGreaterThan(0);
    expect(risky.body.counts.high + risky.body.counts.critical).toBeGreaterThan(0);
    expect(risky.body.passed).toBe(false);
    // Evidence is plain storage.
    expect((await http('POST', '/security/evidence', { control: 'AC-2', source: 'iam' })).status).toBe(201);
  });

  describe('monitoring, logs, metrics', () => {
    it('GET monitoring/alerts/:id is canned by id, steered by words in it; a stored alert wins', async () => {
      const alert = await http('GET', '/monitoring/alerts/disk-critical-7');
      expect(alert).toEqual({
        status: 200,
        body: expect.objectContaining({ id: 'disk-critical-7', severity: 'critical', cause: 'disk-full', knownCause: true, runbook: 'clean-temp-files', service: 'storage', triggeredAt: '2026-05-01T11:55:00.000Z' }),
      });
      expect((await http('GET', '/monitoring/alerts/disk-critical-7')).body).toEqual(alert.body);
      expect((await http('GET', '/monitoring/alerts/mystery-low')).body).toMatchObject({ cause: 'unknown', knownCause: false, runbook: null, severity: 'low' });
      await http('POST', '/monitoring/alerts', { id: 'A-1', severity: 'medium', service: 'payments' });
      expect((await http('GET', '/monitoring/alerts/A-1')).body).toMatchObject({ id: 'A-1', severity: 'medium', service: 'payments' });
    });

    it('GET logs/search and metrics/query answer canned, deterministic data', async () => {
      const logs = await http('GET', '/logs/search?service=storage&query=disk');
      expect(logs.status).toBe(200);
      expect(logs.body).toMatchObject({ service: 'storage', query: 'disk', cause: 'disk-full' });
      expect(logs.body.entries.length).toBeGreaterThanOrEqual(3);
      expect(logs.body.entries.at(-1)).toMatchObject({ level: 'ERROR', message: 'No space left on device', service: 'storage' });
      expect((await http('GET', '/logs/search?service=storage&query=disk')).body).toEqual(logs.body);

      const metrics = await http('GET', '/metrics/query?service=api&metric=memory_used_percent');
      expect(metrics.body).toMatchObject({ service: 'api', metric: 'memory_used_percent', summary: { last: 94, threshold: 85, breached: true } });
      expect(metrics.body.points).toHaveLength(12);
      expect(metrics.body.points.at(-1).at).toBe('2026-05-01T12:00:00.000Z');
    });

    it('a failing log source is a fault like any other (incident evidence gathering goes on without it)', async () => {
      await control.fault({ system: 'logs', mode: 'fail' });
      expect((await http('GET', '/logs/search?service=api')).status).toBe(503);
      expect((await http('GET', '/metrics/query?service=api')).status).toBe(200);
    });
  });

  describe('migration', () => {
    it('batches store their records in the target; counts reconcile source and target; deleting a batch rolls it back', async () => {
      for (let i = 1; i <= 5; i++) await http('POST', '/migration/source', { id: `c-${i}`, name: `customer ${i}` });
      const b1 = await http('POST', '/migration/batches', { batch: 1, records: [{ id: 'c-1' }, { id: 'c-2' }, { id: 'c-3' }] });
      expect(b1).toMatchObject({ status: 201, body: { batch: 1, migrated: 3 } });
      expect(await http('GET', '/migration/counts')).toEqual({ status: 200, body: { source: 5, target: 3, batches: 1, difference: 2, reconciled: false } });
      await http('POST', '/migration/batches', { batch: 2, records: [{ id: 'c-4' }, { id: 'c-5' }] });
      expect((await http('GET', '/migration/counts')).body).toMatchObject({ source: 5, target: 5, reconciled: true });
      expect((await http('GET', '/migration/counts?batch=2')).body).toMatchObject({ batch: '2', target: 2, batches: 1 });
      expect((await http('GET', '/migration/target?batch=1')).body.map((r: { id: string }) => r.id)).toEqual(['c-1', 'c-2', 'c-3']);

      // Compensation: undo batch 1.
      expect((await http('DELETE', `/migration/batches/${b1.body.id}`)).status).toBe(204);
      expect((await http('GET', '/migration/counts')).body).toMatchObject({ source: 5, target: 2, batches: 1, reconciled: false });
    });

    it('a batch whose rows already exist in the target is refused as a whole', async () => {
      await http('POST', '/migration/batches', { batch: 'a', records: [{ id: 'x-1' }] });
      expect(await http('POST', '/migration/batches', { batch: 'b', records: [{ id: 'x-2' }, { id: 'x-1' }] })).toMatchObject({ status: 409, body: { field: 'records' } });
      expect((await http('GET', '/migration/counts')).body).toMatchObject({ target: 1, batches: 1 });
    });

    it('validates batches', async () => {
      expect(await http('POST', '/migration/batches', { records: [] })).toMatchObject({ status: 400, body: { error: 'batch: is required' } });
      expect(await http('POST', '/migration/batches', { batch: true, records: [] })).toMatchObject({ status: 400, body: { error: 'batch: must be a batch name or number' } });
      expect(await http('POST', '/migration/batches', { batch: 1, records: [1] })).toMatchObject({ status: 400, body: { field: 'records[0]' } });
      expect(await http('POST', '/migration/batches', { batch: 1 })).toMatchObject({ status: 400, body: { error: 'records: is required' } });
      expect(await http('POST', '/migration/batches', { batch: 1, records: {} })).toMatchObject({ status: 400, body: { error: 'records: must be an array of objects' } });
    });
  });
});
