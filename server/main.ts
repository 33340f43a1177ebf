import { fileURLToPath } from 'node:url';
import { openDatabase, type Database } from '../engine/store/database.ts';
import type { Stops } from './lifecycle.ts';
import { startEmbedded } from './start-embedded.ts';
import { startOnZeebe } from './start-zeebe.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `npm start`: the database (embedded unless DATABASE_URL), then Baton on its embedded engine
 * (default) or on a Zeebe cluster (BATON_ENGINE=zeebe). Anything that fails to start stops
 * what was already started, then the process exits non-zero.
 */
async function main(): Promise<void> {
  const stops: Stops = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const stop of stops.reverse()) {
      await stop().catch((err: unknown) => console.error('shutdown:', err instanceof Error ? err.message : err));
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));

  try {
    const mode = (process.env.BATON_ENGINE ?? 'embedded').trim();
    if (mode !== 'embedded' && mode !== 'zeebe') throw new Error(`BATON_ENGINE must be 'embedded' or 'zeebe', not '${mode}'`);
    const db: Database = await openDatabase();
    stops.push(() => db.close());
    console.log(`database   ${db.kind === 'embedded' ? `embedded Postgres, data in ${db.dataDir}/pg` : 'external Postgres'} (${db.where})`);
    if (mode === 'zeebe') await startOnZeebe(db, stops, ROOT);
    else await startEmbedded(db, stops, ROOT);
    console.log('Baton is running. Ctrl-C stops it.');
  } catch (err) {
    console.error(`baton failed to start: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
  }
}

void main();
