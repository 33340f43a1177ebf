import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const TABLE = 'baton_migrations';

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * knex runs the migrations; this source only lists `migrations/*.ts` and imports them,
 * so the same files load under tsx, vitest and a compiled build alike.
 */
class TsMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    const files = await fs.readdir(MIGRATIONS_DIR);
    return files.filter((f) => /^\d+_[\w-]+\.ts$/.test(f)).sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<MigrationModule> {
    return (await import(pathToFileURL(path.join(MIGRATIONS_DIR, name)).href)) as MigrationModule;
  }
}

const config = (): Knex.MigratorConfig => ({
  migrationSource: new TsMigrationSource(),
  tableName: TABLE,
});

export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(config())) as [number, string[]];
  return applied;
}

export async function rollbackAll(knex: Knex): Promise<string[]> {
  const [, undone] = (await knex.migrate.rollback(config(), true)) as [number, string[]];
  return undone;
}

export async function migrationStatus(knex: Knex): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = (await knex.migrate.list(config())) as [Array<{ name: string }>, Array<{ file: string }>];
  return { applied: applied.map((m) => m.name), pending: pending.map((m) => m.file) };
}
