import fs from 'node:fs';
import { z } from 'zod';
import { ROLES } from './roles.ts';
import type { ApiKeyEntry } from './keys.ts';

export class ApiKeyConfigError extends Error {
  override name = 'ApiKeyConfigError';
}

const entrySchema = z.strictObject({
  // Operator-chosen keys are hashed with a fast hash: they must be long enough not to be guessed.
  key: z.string().min(24, 'must be at least 24 characters'),
  principal: z.string().trim().min(1, 'must not be empty'),
  roles: z.array(z.enum(ROLES)).min(1, 'must name at least one role'),
  groups: z.array(z.string().min(1)).optional(),
});
const configSchema = z.array(entrySchema).min(1, 'must list at least one key');

/**
 * BATON_API_KEYS: a JSON array `[{ "key", "principal", "roles", "groups"? }]`, or the path of
 * a file holding one. Undefined when unset; a malformed value throws, naming the entry at fault.
 */
export function apiKeysFromEnv(value: string | undefined): ApiKeyEntry[] | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  let text = raw;
  if (!raw.startsWith('[')) {
    try {
      text = fs.readFileSync(raw, 'utf8');
    } catch (err) {
      throw new ApiKeyConfigError(`BATON_API_KEYS is neither a JSON array nor a readable file: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ApiKeyConfigError(`BATON_API_KEYS is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
    throw new ApiKeyConfigError(`BATON_API_KEYS${where}: ${issue.message}`);
  }
  return parsed.data;
}
