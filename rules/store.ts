import { createHash } from 'node:crypto';

/** A deployed rule set version as persisted: the definition is kept verbatim. */
export interface StoredRuleSet {
  id: string;
  version: string;
  contentHash: string;
  deployedAt: string;
  /** The rule set JSON as deployed (validated again when loaded back). */
  definition: unknown;
}

/**
 * Where deployed versions survive a restart, and where a version deployed by another
 * process can be found. The registry keeps every version in memory and consults the store
 * only for versions it has not seen. A Postgres implementation needs one table keyed by
 * (id, version) with the content hash unique per id.
 */
export interface RuleSetStore {
  save(set: StoredRuleSet): Promise<void>;
  /** A given version (label or content hash), or the latest deployed when version is undefined. */
  load(id: string, version?: string): Promise<StoredRuleSet | undefined>;
}

export class InMemoryRuleSetStore implements RuleSetStore {
  private readonly byId = new Map<string, StoredRuleSet[]>();

  async save(set: StoredRuleSet): Promise<void> {
    const versions = this.byId.get(set.id) ?? [];
    if (!versions.some((v) => v.contentHash === set.contentHash)) versions.push(set);
    this.byId.set(set.id, versions);
  }

  async load(id: string, version?: string): Promise<StoredRuleSet | undefined> {
    const versions = this.byId.get(id) ?? [];
    if (version === undefined) return versions.at(-1);
    return versions.find((v) => v.version === version) ?? findByHash(versions, version);
  }
}

/** A version can also be named by its content hash or a prefix of at least 8 hex digits. */
export function findByHash<T extends { contentHash: string }>(versions: T[], ref: string): T | undefined {
  if (!/^[0-9a-f]{8,64}$/.test(ref)) return undefined;
  const matches = versions.filter((v) => v.contentHash.startsWith(ref));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * sha256 of the canonical JSON (keys sorted at every level, no whitespace), so formatting
 * and key order in the file do not make a new version.
 */
export function contentHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
