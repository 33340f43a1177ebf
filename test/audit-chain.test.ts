import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditRouter, recordApiAction, recordRuleEvaluation } from '../server/audit/index.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

/**
 * The audit trail's storage: append-only in the database itself, three hash chains, and
 * GET /api/audit/verify naming exactly the first link that no longer holds after a superuser
 * edits a row behind the triggers' back.
 */
describe('audit trail: append-only hash chains', () => {
  let db: TestDatabase;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const app = express();
    app.use('/api/audit', createAuditRouter({ knex: db.knex }));
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/audit`;
  });
  afterAll(async () => {
    server?.close();
    await db?.drop();
  });

  const verify = async () => {
    const res = await fetch(`${base}/verify`);
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown> & { intact: boolean; entries: number; firstBroken?: Record<string, unknown> };
  };
  /** Three engine batches (one INSERT each), as the batch writer would write them. */
  const writeRecords = async (batches: number[]) => {
    for (const size of batches) {
      await db.knex.raw(
        `insert into records (key, record_type, value_type, intent, process_instance_key, bpmn_process_id, element_id, timestamp, value)
         select 1000 + g, 'EVENT', 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', 77, 'claim', 'task' || g, now(), jsonb_build_object('n', g, 'text', 'a, "b"')
         from generate_series(1, ?) g`,
        [size],
      );
    }
  };
  /** Runs SQL with the audit triggers off, as only a superuser could, and turns them back on. */
  const behindTheTriggers = async (table: string, sql: string, bindings: unknown[] = []) => {
    await db.knex.raw(`alter table ${table} disable trigger user`);
    try {
      await db.knex.raw(sql, bindings as never);
    } finally {
      await db.knex.raw(`alter table ${table} enable trigger user`);
    }
  };

  it('starts intact and empty', async () => {
    expect(await verify()).toMatchObject({ intact: true, entries: 0 });
  });

  it('chains engine batches as blocks and API actions and rule evaluations entry by entry', async () => {
    await writeRecords([3, 5, 2]);
    const action = await recordApiAction(db.knex, { actor: 'alice', role: 'approver', action: 'user-task.complete', target: 'user-task:1', reason: 'looks fine', requestId: 'r-1', processInstanceKey: '77' });
    await recordApiAction(db.knex, { actor: 'bob', role: 'operator', action: 'process-instance.cancel', target: 'process-instance:78' });
    const rule = await recordRuleEvaluation(db.knex, {
      ruleSetId: 'routing', version: 3, contentHash: 'abc', facts: { amount: 12000 },
      fired: [{ name: 'big', conditions: [{ fact: 'amount', operator: 'greaterThan', value: 10000, factResult: 12000, result: true }] }],
      failed: [], outcome: { route: 'manual' }, processInstanceKey: '77', elementId: 'route',
    });
    expect(action).toMatchObject({ partition: 'api', seq: '1' });
    expect(rule).toMatchObject({ partition: 'rules', seq: '1' });
    expect(rule.hash).toMatch(/^[0-9a-f]{64}$/);

    const report = await verify();
    expect(report).toMatchObject({
      intact: true,
      entries: 13,
      partitions: { engine: { intact: true, entries: 10, blocks: 3 }, api: { intact: true, entries: 2 }, rules: { intact: true, entries: 1 } },
    });
    const blocks = await db.knex('audit_record_blocks').orderBy('seq').select('seq', 'record_count');
    expect(blocks).toEqual([{ seq: '1', record_count: 3 }, { seq: '2', record_count: 5 }, { seq: '3', record_count: 2 }]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on every audit table', async () => {
    for (const table of ['audit_entries', 'audit_record_blocks', 'records']) {
      await expect(db.knex(table).update({ [table === 'audit_record_blocks' ? 'record_count' : 'position']: 1 })).rejects.toThrow(/append-only: UPDATE/);
      await expect(db.knex(table).delete()).rejects.toThrow(/append-only: DELETE/);
      await expect(db.knex.raw(`truncate ${table} cascade`)).rejects.toThrow(/append-only: TRUNCATE/);
    }
    await expect(db.knex('audit_heads').update({ seq: 0 })).rejects.toThrow(/append-only: UPDATE on audit_heads/);
    await expect(db.knex('audit_heads').delete()).rejects.toThrow(/append-only: DELETE on audit_heads/);
    await expect(db.knex.raw(`insert into audit_record_blocks values (99, 1, 1, 0, '', '', '')`)).rejects.toThrow(/written by the records trigger only/);
    // A writer cannot choose its own hash or seq: the trigger sets them.
    const forged = await db.knex('audit_entries').insert({ partition: 'api', kind: 'API_ACTION', actor: 'mallory', seq: 99, prev_hash: Buffer.alloc(32), hash: Buffer.alloc(32) }).returning('seq');
    expect(forged).toEqual([{ seq: '3' }]);
    expect((await verify()).intact).toBe(true);
  });

  it('names the exact record a superuser altered, and is intact again once it is restored', async () => {
    const target = (await db.knex.raw<{ rows: Array<{ position: string; value: unknown; digest: string }> }>(
      `select position, value, encode(audit_record_digest(r), 'hex') as digest from records r order by position offset 5 limit 1`,
    )).rows[0]!;
    await behindTheTriggers('records', `update records set value = jsonb_set(value, '{n}', '999') where position = ?`, [target.position]);
    const altered = (await db.knex.raw<{ rows: Array<{ digest: string }> }>(`select encode(audit_record_digest(r), 'hex') as digest from records r where position = ?`, [target.position])).rows[0]!;

    const report = await verify();
    expect(report.intact).toBe(false);
    expect(report.firstBroken).toEqual({ partition: 'engine', seq: '2', position: target.position, expectedHash: target.digest, actualHash: altered.digest, reason: 'the record was altered' });
    expect(report.partitions).toMatchObject({ api: { intact: true }, rules: { intact: true } });

    await behindTheTriggers('records', `update records set value = ? where position = ?`, [JSON.stringify(target.value), target.position]);
    expect((await verify()).intact).toBe(true);
  });

  it('names a deleted record and an altered API entry', async () => {
    const [victim] = await db.knex('records').orderBy('position', 'desc').limit(1).select('position');
    await db.knex.raw('create table saved_record as select * from records where position = ?', [victim.position]);
    const digest = (await db.knex.raw<{ rows: Array<{ d: string }> }>(`select encode(audit_record_digest(r), 'hex') as d from records r where position = ?`, [victim.position])).rows[0]!.d;
    await behindTheTriggers('records', 'delete from records where position = ?', [victim.position]);
    expect((await verify()).firstBroken).toEqual({ partition: 'engine', seq: '3', position: null, expectedHash: digest, actualHash: null, reason: 'a record of this block is missing' });
    await behindTheTriggers('records', 'insert into records select * from saved_record');
    expect((await verify()).intact).toBe(true);

    const entry = await db.knex('audit_entries').where({ partition: 'api', seq: 2 }).first('position', db.knex.raw(`encode(hash, 'hex') as hash`));
    await behindTheTriggers('audit_entries', `update audit_entries set reason = 'it was never cancelled' where partition = 'api' and seq = 2`);
    const recomputed = (await db.knex.raw<{ rows: Array<{ h: string }> }>(`select encode(audit_entry_hash(e), 'hex') as h from audit_entries e where partition = 'api' and seq = 2`)).rows[0]!.h;
    const report = await verify();
    expect(report.firstBroken).toEqual({ partition: 'api', seq: '2', position: entry.position, expectedHash: entry.hash, actualHash: recomputed, reason: 'the entry was altered' });
    expect(report.partitions).toMatchObject({ engine: { intact: true }, rules: { intact: true }, api: { intact: false } });
  });
});
