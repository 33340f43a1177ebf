import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordApiAction, recordRuleEvaluation, verifyAuditTrail } from '../server/audit/index.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

/**
 * Many writers at once: engine-like batch inserts into `records`, API actions inside
 * transactions that do other work, rule evaluations. Every chain must come out unforked, gap-free
 * and intact, and every block must hold exactly its own records.
 */
describe('audit trail: concurrent writers', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('keep every chain valid', async () => {
    const ROUNDS = 15;
    const recordWriter = async (w: number) => {
      let written = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const size = 1 + ((w * 7 + i * 3) % 40);
        await db.knex.transaction(async (trx) => {
          await trx.raw(
            `insert into records (key, record_type, value_type, intent, process_instance_key, timestamp, value)
             select g, 'EVENT', 'JOB', 'CREATED', ?, now(), jsonb_build_object('writer', ?::int, 'round', ?::int, 'n', g) from generate_series(1, ?) g`,
            [w, w, i, size],
          );
          // Hold the transaction open a little, so other writers really queue behind it.
          await trx.raw('select pg_sleep(0.002)');
        });
        written += size;
      }
      return written;
    };
    const apiWriter = async (w: number) => {
      for (let i = 0; i < ROUNDS; i++) {
        await db.knex.transaction(async (trx) => {
          await trx.raw('select pg_sleep(0.001)');
          await recordApiAction(trx, { actor: `user-${w}`, role: 'approver', action: 'user-task.complete', target: `user-task:${i}`, reason: `round ${i}` });
        });
      }
    };
    const ruleWriter = async (w: number) => {
      for (let i = 0; i < ROUNDS; i++) {
        await recordRuleEvaluation(db.knex, { ruleSetId: 'routing', version: 1, contentHash: 'h', facts: { w, i }, fired: [], failed: [], outcome: { route: 'auto' }, processInstanceKey: String(w) });
      }
    };
    const [records] = await Promise.all([
      Promise.all([1, 2, 3, 4].map(recordWriter)).then((n) => n.reduce((a, b) => a + b, 0)),
      ...[1, 2, 3].map(apiWriter),
      ...[1, 2].map(ruleWriter),
    ]);

    const report = await verifyAuditTrail(db.knex);
    expect(report).toMatchObject({
      intact: true,
      entries: records + 3 * ROUNDS + 2 * ROUNDS,
      partitions: { engine: { intact: true, entries: records, blocks: 4 * ROUNDS }, api: { intact: true, entries: 3 * ROUNDS }, rules: { intact: true, entries: 2 * ROUNDS } },
    });
    // Each block is one writer's one statement: a single writer and round inside its range.
    const { rows } = await db.knex.raw<{ rows: Array<{ writers: number; rounds: number; n: number; record_count: number }> }>(
      `select count(distinct r.value->>'writer')::int as writers, count(distinct r.value->>'round')::int as rounds, count(*)::int as n, b.record_count
       from audit_record_blocks b join records r on r.position between b.first_position and b.last_position
       group by b.seq, b.record_count`,
    );
    expect(rows).toHaveLength(4 * ROUNDS);
    for (const row of rows) expect(row).toEqual({ writers: 1, rounds: 1, n: row.record_count, record_count: row.record_count });
    const seqs = await db.knex('audit_entries').where({ partition: 'api' }).orderBy('seq').pluck('seq');
    expect(seqs.map(Number)).toEqual(Array.from({ length: 3 * ROUNDS }, (_, i) => i + 1));
  });
});
