import type { Knex } from 'knex';
import { findByHash, type RuleSetStore, type StoredRuleSet } from './store.ts';

interface Row {
  id: string;
  version: string;
  content_hash: string;
  deployed_at: Date;
  definition: unknown;
}

/** The rule set store in Postgres (table `rule_sets`): one row per deployed version. */
export class PostgresRuleSetStore implements RuleSetStore {
  constructor(private readonly knex: Knex) {}

  async save(set: StoredRuleSet): Promise<void> {
    await this.knex('rule_sets')
      .insert({ id: set.id, version: set.version, content_hash: set.contentHash, deployed_at: new Date(set.deployedAt), definition: JSON.stringify(set.definition) })
      .onConflict(['id', 'content_hash'])
      .ignore();
  }

  async load(id: string, version?: string): Promise<StoredRuleSet | undefined> {
    const rows = await this.knex<Row>('rule_sets').where({ id }).orderBy('deployed_at');
    const versions = rows.map(toStored);
    if (version === undefined) return versions.at(-1);
    return versions.find((v) => v.version === version) ?? findByHash(versions, version);
  }
}

function toStored(row: Row): StoredRuleSet {
  return { id: row.id, version: row.version, contentHash: row.content_hash, deployedAt: row.deployed_at.toISOString(), definition: row.definition };
}
