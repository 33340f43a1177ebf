import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseConfigError, describeServer, resolveDatabaseConfig } from '../../engine/store/database-config.ts';

describe('database configuration', () => {
  it('uses DATABASE_URL when it is set', () => {
    expect(resolveDatabaseConfig({ DATABASE_URL: 'postgres://root@127.0.0.1:5432/test' }, '/x')).toEqual({
      kind: 'external',
      url: 'postgres://root@127.0.0.1:5432/test',
    });
  });

  it('runs an embedded Postgres under ./.data by default', () => {
    expect(resolveDatabaseConfig({}, '/srv/baton')).toEqual({
      kind: 'embedded',
      dataDir: path.resolve('/srv/baton/.data'),
      database: 'baton',
    });
  });

  it('treats a blank DATABASE_URL as unset and honours BATON_DATA_DIR', () => {
    expect(resolveDatabaseConfig({ DATABASE_URL: '  ', BATON_DATA_DIR: 'var/db' }, '/srv')).toMatchObject({
      kind: 'embedded',
      dataDir: path.resolve('/srv/var/db'),
    });
  });

  it('rejects URLs that are not Postgres URLs, naming the problem', () => {
    expect(() => resolveDatabaseConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(DatabaseConfigError);
    expect(() => resolveDatabaseConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/postgres:\/\/.*mysql:/);
    expect(() => resolveDatabaseConfig({ DATABASE_URL: 'not a url' })).toThrow(/not a valid URL/);
  });

  it('describes a server without its password', () => {
    expect(describeServer('postgres://u:secret@db.example:6543/baton')).toBe('db.example:6543/baton');
    expect(describeServer('postgres://u@localhost/x')).toBe('localhost:5432/x');
  });
});
