import path from 'node:path';

/** Where Baton's Postgres lives: a server named by the user, or one Baton runs itself. */
export type DatabaseConfig =
  | { kind: 'external'; url: string }
  | { kind: 'embedded'; dataDir: string; database: string };

export class DatabaseConfigError extends Error {
  override name = 'DatabaseConfigError';
}

/**
 * DATABASE_URL wins; without it Baton runs its own Postgres under BATON_DATA_DIR
 * (default ./.data), so `npm start` needs nothing installed.
 */
export function resolveDatabaseConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    validatePostgresUrl(url);
    return { kind: 'external', url };
  }
  const dataDir = path.resolve(cwd, env.BATON_DATA_DIR?.trim() || '.data');
  return { kind: 'embedded', dataDir, database: 'baton' };
}

function validatePostgresUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseConfigError(`DATABASE_URL is not a valid URL: '${url}'`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseConfigError(
      `DATABASE_URL must start with postgres:// or postgresql://, got '${parsed.protocol}//'`,
    );
  }
  if (!parsed.hostname) {
    throw new DatabaseConfigError(`DATABASE_URL names no host: '${url}'`);
  }
}

/** Host and port of a Postgres URL, for error messages that must never leak a password. */
export function describeServer(url: string): string {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '') || '(default database)';
  return `${parsed.hostname}:${parsed.port || '5432'}/${db}`;
}
