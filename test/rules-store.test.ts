import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRuleSetStore, RuleRegistry } from '../rules/index.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

describe('rule set versions in Postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('a version deployed at run time is still there after a restart, and pinned instances keep using it', async () => {
    const original = JSON.parse(await fs.readFile('rules/approval-chain.json', 'utf8')) as { version: string; description: string };
    const first = new RuleRegistry({ store: new PostgresRuleSetStore(db.knex) });
    const v1 = await first.deployRuleSet(original, { source: 'approval-chain.json' });
    const changed = { ...original, version: `${original.version}-runtime`, description: `${original.description} (deployed at run time)` };
    const v2 = await first.deployRuleSet(changed, { source: 'api' });
    expect(v2.version).not.toBe(v1.version);
    expect(await db.knex('rule_sets').where({ id: 'approval-chain' }).count<{ n: string }[]>({ n: '*' })).toEqual([{ n: '2' }]);

    // Deploying the same content again writes nothing new.
    await first.deployRuleSet(original, { source: 'approval-chain.json' });
    expect(await db.knex('rule_sets').count<{ n: string }[]>({ n: '*' })).toEqual([{ n: '2' }]);

    // A new process: nothing in memory, both versions come back from Postgres.
    const restarted = new RuleRegistry({ store: new PostgresRuleSetStore(db.knex) });
    const pinned = await restarted.evaluate('approval-chain', v2.version, { amount: 5000, requester: 'ada' });
    expect(pinned).toMatchObject({ ruleSetId: 'approval-chain', version: v2.version, contentHash: v2.contentHash });
    const byHash = await restarted.evaluate('approval-chain', v1.contentHash.slice(0, 12), { amount: 5000, requester: 'ada' });
    expect(byHash.version).toBe(v1.version);
  });
});
