import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateLatest, migrationStatus, rollbackAll } from '../../engine/store/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => db?.drop());

  const tables = async () =>
    (
      await db.knex.raw<{ rows: Array<{ tablename: string }> }>(
        "select tablename from pg_tables where schemaname = 'public' and tablename not like 'baton_migrations%' order by 1",
      )
    ).rows.map((r) => r.tablename);

  it('apply in order, roll back completely, and apply again', async () => {
    const first = await migrateLatest(db.knex);
    expect(first.length).toBeGreaterThan(0);
    expect(await tables()).toContain('records');
    expect((await migrationStatus(db.knex)).pending).toEqual([]);

    expect(await migrateLatest(db.knex)).toEqual([]);

    const undone = await rollbackAll(db.knex);
    expect(undone.slice().sort()).toEqual(first.slice().sort());
    expect(await tables()).toEqual([]);

    expect(await migrateLatest(db.knex)).toEqual(first);
  });

  it('make the record log append-only in the database itself', async () => {
    await db.knex('records').insert({
      key: 1, record_type: 'EVENT', value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED',
      timestamp: new Date(), value: {},
    });
    await expect(db.knex('records').update({ intent: 'FORGED' })).rejects.toThrow(/append-only: UPDATE/);
    await expect(db.knex('records').delete()).rejects.toThrow(/append-only: DELETE/);
    await expect(db.knex.raw('truncate records')).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await db.knex('records').count({ n: '*' })).toEqual([{ n: '1' }]);
  });
});
