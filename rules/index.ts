import { fileURLToPath } from 'node:url';
import type { Evaluation } from './evaluate.ts';
import { RuleRegistry, type DeployedRuleSet } from './registry.ts';

export { RuleRegistry, type DeployedRuleSet, type RuleRegistryOptions } from './registry.ts';
export type { Evaluation, ConditionTrace } from './evaluate.ts';
export type { RuleClock } from './facts.ts';
export { DYNAMIC_FACTS } from './facts.ts';
export { BATON_OPERATORS, BUILT_IN_DECORATORS, BUILT_IN_OPERATORS } from './operators.ts';
export { RuleSetValidationError, RulesError, type RulesErrorCode } from './errors.ts';
export { InMemoryRuleSetStore, canonicalJson, contentHash, type RuleSetStore, type StoredRuleSet } from './store.ts';
export { validateRuleSet } from './validate.ts';
export type { RuleSetDefinition, RuleDefinition, FactDeclaration } from './schema.ts';

/** The rule sets Baton ships: this folder's *.json files. */
export const RULES_DIR = fileURLToPath(new URL('./', import.meta.url));

let shared: Promise<RuleRegistry> | undefined;

/**
 * The process-wide registry the built-in worker and the server share, with rules/ loaded
 * first (so a later run-time deployment, not the file, is the latest). A failed load is not
 * cached: the next call tries again, so fixing the file is enough.
 */
export function getDefaultRegistry(): Promise<RuleRegistry> {
  shared ??= (async () => {
    const registry = new RuleRegistry();
    await registry.loadRuleSets(RULES_DIR);
    return registry;
  })().catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

/** Replaces the shared registry, e.g. with one backed by a Postgres RuleSetStore (load rules/ into it first). */
export function setDefaultRegistry(registry: RuleRegistry): void {
  shared = Promise.resolve(registry);
}

export async function loadRuleSets(dir: string): Promise<DeployedRuleSet[]> {
  return (await getDefaultRegistry()).loadRuleSets(dir);
}

export async function deployRuleSet(json: unknown, options?: { source?: string }): Promise<DeployedRuleSet> {
  return (await getDefaultRegistry()).deployRuleSet(json, options);
}

export async function evaluate(ruleSetId: string, version: string | number | undefined, facts: Record<string, unknown>): Promise<Evaluation> {
  return (await getDefaultRegistry()).evaluate(ruleSetId, version, facts);
}
export { PostgresRuleSetStore } from './postgres-store.ts';
