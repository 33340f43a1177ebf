import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../engine/store/embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the server test databases are created on. */
    adminDatabaseUrl: string;
    databaseKind: 'external' | 'embedded';
  }
}

let embedded: EmbeddedServer | undefined;

/** Without DATABASE_URL the suite runs on one embedded Postgres, as `npm start` would. */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    project.provide('adminDatabaseUrl', external);
    project.provide('databaseKind', 'external');
    console.log(`tests use Postgres from DATABASE_URL`);
    return;
  }
  embedded = await startEmbeddedPostgres(path.resolve('.data/test'));
  project.provide('adminDatabaseUrl', embedded.urlFor('postgres'));
  project.provide('databaseKind', 'embedded');
  console.log(`tests use embedded Postgres on port ${embedded.port}`);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}
