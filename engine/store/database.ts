import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { describeServer, resolveDatabaseConfig, type DatabaseConfig } from './database-config.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.ts';
import { migrateLatest } from './migrations.ts';

// BIGINT (int8) keys stay exact: engine keys are 64-bit like Zeebe's, so they travel as strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface Database {
  readonly knex: Knex;
  readonly url: string;
  readonly kind: DatabaseConfig['kind'];
  /** host:port/db, safe to print. */
  readonly where: string;
  readonly dataDir?: string;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export interface OpenOptions {
  config?: DatabaseConfig;
  migrate?: boolean;
  poolMax?: number;
  log?: (line: string) => void;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const config = options.config ?? resolveDatabaseConfig();
  let embedded: EmbeddedServer | undefined;
  let url: string;
  if (config.kind === 'embedded') {
    embedded = await startEmbeddedPostgres(config.dataDir, options.log);
    url = embedded.urlFor(config.database);
    try {
      await ensureDatabaseExists(embedded.urlFor('postgres'), config.database);
    } catch (err) {
      await embedded.stop();
      throw err;
    }
  } else {
    url = config.url;
  }
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: options.poolMax ?? 10 },
  });
  const stopAll = async () => {
    await knex.destroy();
    await embedded?.stop();
  };
  try {
    await checkConnection(knex, url);
    if (options.migrate !== false) await migrateLatest(knex);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    knex,
    url,
    kind: config.kind,
    where: describeServer(url),
    dataDir: config.kind === 'embedded' ? config.dataDir : undefined,
    close: stopAll,
  };
}

async function checkConnection(knex: Knex, url: string): Promise<void> {
  try {
    await knex.raw('select 1');
  } catch (err) {
    const reason = err instanceof Error ? (err as NodeJS.ErrnoException).code ?? err.message : String(err);
    throw new DatabaseUnavailableError(`cannot connect to Postgres at ${describeServer(url)}: ${reason}`);
  }
}

/** CREATE DATABASE cannot run in a transaction nor take parameters, hence the quoted identifier. */
export async function ensureDatabaseExists(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
