import fs from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from 'knex';
import { z } from 'zod';
import { apiKeysFromEnv } from './config.ts';
import { ApiKeyStore, generateKey, type ApiKeyEntry } from './keys.ts';
import { ROLES } from './roles.ts';

export interface KeySetup {
  store: ApiKeyStore;
  /** The dev credentials file, when dev keys are in use. */
  devCredentialsFile?: string;
  source: 'config' | 'dev';
}

const devFileSchema = z.object({ keys: z.array(z.object({ key: z.string(), principal: z.string(), roles: z.array(z.enum(ROLES)), groups: z.array(z.string()).optional() })) });

/**
 * Production: the keys of BATON_API_KEYS, and only those (dev keys are removed). Local use
 * (BATON_API_KEYS unset; keys once configured are removed): one key per role, written to `<dataDir>/dev-credentials.json`
 * (mode 0600) on the first start. A database without dev keys takes the ones in an existing
 * file, so the file stays valid when the database is recreated.
 */
export async function prepareApiKeys(knex: Knex, options: { env?: NodeJS.ProcessEnv; dataDir: string }): Promise<KeySetup> {
  const store = new ApiKeyStore(knex);
  await store.load();
  const configured = apiKeysFromEnv((options.env ?? process.env).BATON_API_KEYS);
  if (configured) {
    if (store.count('dev')) await store.removeSource('dev');
    await store.syncConfig(configured);
    return { store, source: 'config' };
  }
  // Configured keys live only as long as their configuration.
  if (store.count('config')) await store.removeSource('config');
  const file = path.join(options.dataDir, 'dev-credentials.json');
  if (!store.count('dev')) {
    const keys = (await readDevFile(file)) ?? devKeys();
    await fs.mkdir(options.dataDir, { recursive: true });
    await fs.writeFile(file, `${JSON.stringify({ note: 'Local API keys: Authorization: Bearer <key>. Not for production (set BATON_API_KEYS).', keys }, null, 2)}\n`, { mode: 0o600 });
    await fs.chmod(file, 0o600);
    await store.add(keys, 'dev');
  }
  return { store, devCredentialsFile: file, source: 'dev' };
}

/** One key per role; the approver is in the `approvers` group so candidate-group tasks reach them. */
function devKeys(): ApiKeyEntry[] {
  return ROLES.map((role) => ({ key: generateKey(), principal: role, roles: [role], ...(role === 'approver' ? { groups: ['approvers'] } : {}) }));
}

async function readDevFile(file: string): Promise<ApiKeyEntry[] | undefined> {
  try {
    const parsed = devFileSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    return parsed.success && parsed.data.keys.length ? parsed.data.keys : undefined;
  } catch {
    return undefined;
  }
}
