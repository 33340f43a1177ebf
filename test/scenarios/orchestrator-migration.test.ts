import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

/**
 * The data-migration process end to end against the sandbox's migration system: the source's
 * rows are seeded, batches migrate in parallel (multi-instance), counts are reconciled, and any
 * failure rolls the migrated batches back through compensation, newest first.
 */
describe('data migration', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  /** Puts `count` rows of `dataset` into the migration system's source store. */
  async function seed(dataset: string, count: number) {
    for (let i = 1; i <= count; i++) {
      const res = await fetch(`${s.sandbox.url}/migration/source`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: `${dataset}-${i}`, dataset, name: `Customer ${i}` }) });
      if (!res.ok) throw new Error(`seeding failed: ${res.status}`);
    }
  }
  const counts = async () => (await (await fetch(`${s.sandbox.url}/migration/counts`)).json()) as { source: number; target: number; batches: number };
  const migration = (dataset = 'customers') => ({ dataset, batchSize: 10, businessKey: `MIG-${dataset}` });

  it('migrates the source in parallel batches and reconciles the counts', async () => {
    await seed('customers', 25);
    const pi = await s.start('data-migration', migration());

    expect(s.isLive(pi)).toBe(false);
    expect(await s.trail(pi)).toEqual([
      'migration-requested', 'validate-source',
      'migrate-batch', 'migrate-batch', 'migrate-batch', 'migrate-batch', // three batches and their body
      'reconcile', 'counts-match', 'notify-migrated', 'migrated', 'data-migration',
    ]);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ migrationStatus: 'completed', expectedRecords: 25, reconciliation: { ok: true, migrated: 25, difference: 0, failedBatches: [] } });
    expect((vars.batchResults as Array<{ batch: string; records: number; status: string }>).map((b) => `${b.batch}:${b.records}:${b.status}`)).toEqual(['customers-1:10:migrated', 'customers-2:10:migrated', 'customers-3:5:migrated']);
    expect(await counts()).toMatchObject({ source: 25, target: 25, batches: 3 });
  });

  it('a flaky target is retried with exponential back-off and migrates every row exactly once', async () => {
    await seed('orders', 20);
    await s.control.fault({ system: 'migration', resource: 'batches', method: 'POST', mode: 'fail', times: 3 });
    const pi = await s.start('data-migration', migration('orders'));

    expect(await s.variables(pi)).toMatchObject({ migrationStatus: 'completed' });
    const failures = (await s.records(pi, 'JOB')).filter((r) => r.intent === 'FAILED');
    expect(failures).toHaveLength(3);
    // Each failure asks for a later retry: 1 s, then 2 s for a job failing again (5 modelled retries).
    for (const f of failures) expect([1_000, 2_000, 4_000]).toContain(f.value.retryBackoff);
    expect(failures.every((f) => String(f.value.errorMessage).includes('answered 503'))).toBe(true);
    // Idempotency keys: no batch was migrated twice.
    expect(await counts()).toMatchObject({ source: 20, target: 20, batches: 2 });
  });

  it('a batch the target refuses rolls back the migrated batches, newest first, and opens an incident', async () => {
    await seed('invoices', 30);
    await s.control.fault({ system: 'migration', resource: 'batches', method: 'POST', mode: 'reject', times: 1 });
    const pi = await s.start('data-migration', migration('invoices'));

    expect(s.isLive(pi)).toBe(false);
    const vars = await s.variables(pi);
    const results = vars.batchResults as Array<{ batch: string; status: string; migrationId?: string }>;
    const migrated = results.filter((b) => b.status === 'migrated');
    expect(migrated).toHaveLength(2);
    expect(vars).toMatchObject({ migrationStatus: 'rolled-back', reconciliation: { ok: false, failedBatches: [results.find((b) => b.status === 'failed')!.batch] } });

    // Compensation: one handler job per migrated batch, in reverse batch order, then the ticket.
    const newestFirst = migrated.map((b) => b.batch).reverse();
    expect(vars.rolledBack).toEqual(newestFirst);
    const deletes = await s.control.requests({ system: 'migration', method: 'DELETE' });
    expect(deletes.map((d) => d.path.split('/').pop())).toEqual(migrated.map((b) => b.migrationId).reverse());
    expect(await counts()).toMatchObject({ target: 0, batches: 0 });
    // The compensation boundary event of the multi-instance activity passes once, before its handlers (as in Zeebe).
    expect((await s.trail(pi)).slice(-10)).toEqual(['counts-match', 'migrate-batch-undo', 'rollback-batch', 'rollback-batch', 'rollback-batch', 'roll-back', 'open-incident', 'notify-rolled-back', 'rolled-back', 'data-migration']);
    expect((await s.records(pi, 'COMPENSATION_SUBSCRIPTION')).map((r) => `${r.element_id}:${r.intent}`)).toEqual([
      'migrate-batch:CREATED', 'migrate-batch:TRIGGERED', 'rollback-batch:COMPLETED',
    ]);

    const ticket = (await (await fetch(`${s.sandbox.url}/ticketing/tickets/${(vars.incidentTicket as { id: string }).id}`)).json()) as Record<string, unknown>;
    expect(ticket).toMatchObject({ type: 'incident', status: 'open', title: 'Data migration of invoices rolled back', rolledBack: newestFirst });
  });

  it('counts that do not reconcile roll back every batch', async () => {
    await seed('contacts', 25);
    await s.control.fault({ system: 'migration', resource: 'counts', method: 'GET', mode: 'respond', respond: { target: 24, difference: 1, reconciled: false }, times: 1 });
    const pi = await s.start('data-migration', migration('contacts'));

    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ migrationStatus: 'rolled-back', rolledBack: ['contacts-3', 'contacts-2', 'contacts-1'], reconciliation: { ok: false, difference: 1, failedBatches: [] } });
    expect(await counts()).toMatchObject({ target: 0 });
  });

  it('a source without records is refused before anything migrates', async () => {
    const pi = await s.start('data-migration', migration('nothing-here'));

    expect(await s.trail(pi)).toEqual(['migration-requested', 'source-invalid', 'notify-source-invalid', 'source-rejected', 'data-migration']);
    expect(await s.variables(pi)).toMatchObject({ migrationStatus: 'source-rejected', sourceProblem: 'it has no records' });
    expect(await s.control.requests({ system: 'migration', method: 'POST' })).toEqual([]);
  });
});
