import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { Principal, Role } from './roles.ts';

export type KeySource = 'dev' | 'config';

export interface ApiKeyEntry {
  key: string;
  principal: string;
  roles: Role[];
  groups?: string[];
}

interface KeyRow {
  id: string;
  principal: string;
  roles: Role[];
  groups: string[];
  salt: string;
  hash: string;
  source: KeySource;
}

/** New keys carry a recognisable prefix so they are easy to spot in logs and secret scanners. */
export function generateKey(): string {
  return `baton_${randomBytes(24).toString('base64url')}`;
}

function hashKey(salt: string, key: string): string {
  return createHash('sha256').update(`${salt}:${key}`).digest('hex');
}

/**
 * API keys, hashed with a per-key salt in `api_keys`. Verification runs against an in-memory
 * copy of the rows (keys change only at start-up), so a request costs one SHA-256 per key and
 * no database round trip.
 */
export class ApiKeyStore {
  private rows: KeyRow[] = [];

  constructor(private readonly knex: Knex) {}

  async load(): Promise<void> {
    this.rows = await this.knex<KeyRow>('api_keys').select('id', 'principal', 'roles', 'groups', 'salt', 'hash', 'source').orderBy('id');
  }

  /** The principal a presented key belongs to, or undefined. Compares in constant time. */
  verify(key: string): Principal | undefined {
    for (const row of this.rows) {
      const presented = Buffer.from(hashKey(row.salt, key), 'hex');
      if (timingSafeEqual(presented, Buffer.from(row.hash, 'hex'))) return { name: row.principal, roles: [...row.roles], groups: [...row.groups] };
    }
    return undefined;
  }

  count(source: KeySource): number {
    return this.rows.filter((r) => r.source === source).length;
  }

  async add(entries: ApiKeyEntry[], source: KeySource): Promise<void> {
    if (!entries.length) return;
    await this.knex('api_keys').insert(
      entries.map((e) => {
        const salt = randomBytes(16).toString('hex');
        return { principal: e.principal, roles: e.roles, groups: e.groups ?? [], salt, hash: hashKey(salt, e.key), source };
      }),
    );
    await this.load();
  }

  async removeSource(source: KeySource): Promise<void> {
    await this.knex('api_keys').where({ source }).delete();
    await this.load();
  }

  /**
   * Makes the `config` keys exactly the configured ones: a key removed from the configuration
   * stops working, one whose roles changed is stored again.
   */
  async syncConfig(entries: ApiKeyEntry[]): Promise<void> {
    const sameGrant = (row: KeyRow, e: ApiKeyEntry) =>
      row.principal === e.principal && sameSet(row.roles, e.roles) && sameSet(row.groups, e.groups ?? []) && row.hash === hashKey(row.salt, e.key);
    const current = this.rows.filter((r) => r.source === 'config');
    const stale = current.filter((row) => !entries.some((e) => sameGrant(row, e)));
    const missing = entries.filter((e) => !current.some((row) => sameGrant(row, e)));
    if (stale.length) await this.knex('api_keys').whereIn('id', stale.map((r) => r.id)).delete();
    await this.add(missing, 'config');
    await this.load();
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
