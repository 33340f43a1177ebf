import fs from 'node:fs/promises';
import os from 'node:os';
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
let dataDir: string | undefined;

/** Without DATABASE_URL the suite runs on one embedded Postgres, as `npm start` would. */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    project.provide('adminDatabaseUrl', external);
    project.provide('databaseKind', 'external');
    console.log(`tests use Postgres from DATABASE_URL`);
    return;
  }
  // A cluster per run: two runs at once must not share (and stop) each other's Postgres.
  dataDir = path.join(os.tmpdir(), `baton-test-pg-${process.pid}`);
  embedded = await startEmbeddedPostgres(dataDir);
  project.provide('adminDatabaseUrl', embedded.urlFor('postgres'));
  project.provide('databaseKind', 'embedded');
  console.log(`tests use embedded Postgres on port ${embedded.port}`);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}
