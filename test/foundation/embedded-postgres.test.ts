import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../engine/store/database.ts';

const postmasters = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', `postgres -D ${dir}`]).toString().trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

describe('embedded Postgres', () => {
  const dataDir = path.join(os.tmpdir(), `baton-embedded-${process.pid}`);
  afterAll(async () => fs.rm(dataDir, { recursive: true, force: true }));

  it('initialises, stops, restarts with its data kept, and leaves no process behind', async () => {
    const first = await openDatabase({ config: { kind: 'embedded', dataDir, database: 'baton' } });
    expect(first.kind).toBe('embedded');
    await fs.access(path.join(dataDir, 'pg', 'PG_VERSION'));
    await first.knex('records').insert({
      key: 42, record_type: 'EVENT', value_type: 'DEPLOYMENT', intent: 'CREATED', timestamp: new Date(), value: { kept: true },
    });
    expect(postmasters(path.join(dataDir, 'pg'))).toHaveLength(1);
    await first.close();
    expect(postmasters(path.join(dataDir, 'pg'))).toEqual([]);

    const second = await openDatabase({ config: { kind: 'embedded', dataDir, database: 'baton' } });
    const rows = await second.knex('records').select('key', 'value');
    expect(rows).toEqual([{ key: '42', value: { kept: true } }]);
    await second.close();
    expect(postmasters(path.join(dataDir, 'pg'))).toEqual([]);
  });
});
