import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../engine/store/database.ts';

export interface TestDatabase extends Database {
  readonly name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

export function adminUrl(): string {
  return inject('adminDatabaseUrl');
}

export function urlForDatabase(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database of its own, so test files never see each other's rows. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `baton_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const db = await openDatabase({ config: { kind: 'external', url: urlForDatabase(name) }, migrate: options.migrate });
  return {
    ...db,
    name,
    async drop() {
      await db.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

export async function adminQuery(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
