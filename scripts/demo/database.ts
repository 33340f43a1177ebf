/**
 * The demo's database: a fresh `baton_demo` every run (dropped and created again, then
 * migrated), so the summary only ever shows this run's instances. It lives on Postgres from
 * DATABASE_URL when set, else on an embedded Postgres of its own under .data/demo, so the
 * demo never touches `npm start`'s cluster in .data/pg nor clashes with a running Baton.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../engine/store/database.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const DEMO_DATABASE = 'baton_demo';

export interface DemoDatabase {
  knex: Knex;
  /** host:port/db, safe to print. */
  where: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDemoDatabase(): Promise<DemoDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  // Connected to the server's maintenance database: one cannot drop the database one is in.
  const admin = await openDatabase({
    config: external ? { kind: 'external', url: external } : { kind: 'embedded', dataDir: path.join(ROOT, '.data/demo'), database: 'postgres' },
    migrate: false,
    poolMax: 1,
  });
  try {
    // `with (force)` ends sessions a killed earlier run may have left behind.
    await admin.knex.raw(`drop database if exists ${DEMO_DATABASE} with (force)`);
    await admin.knex.raw(`create database ${DEMO_DATABASE}`);
    const url = new URL(admin.url);
    url.pathname = `/${DEMO_DATABASE}`;
    const demo = await openDatabase({ config: { kind: 'external', url: url.toString() } });
    return {
      knex: demo.knex,
      where: demo.where,
      embedded: !external,
      async close() {
        await demo.close();
        await admin.close();
      },
    };
  } catch (err) {
    await admin.close();
    throw err;
  }
}
