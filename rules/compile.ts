import { Engine, type EngineResult } from 'json-rules-engine';
import { dynamicFacts } from './facts.ts';
import { batonOperators } from './operators.ts';
import type { RuleSetDefinition } from './schema.ts';

/** A validated rule set with its identity, ready to evaluate. */
export interface CompiledRuleSet {
  definition: RuleSetDefinition;
  id: string;
  /** The `version` field as a string (task headers are strings). */
  version: string;
  /** sha256 of the canonical JSON: identifies the content whatever the label says. */
  contentHash: string;
  deployedAt: string;
  timeZone: string;
  /** "rule set 'approval-chain' version 3", the prefix of every run-time error. */
  label: string;
  /** Definition order of each rule, the tie-break between rules of equal priority. */
  order: Map<string, number>;
  /** Runs the rules on the given facts (on an engine of its own, see below). */
  run(facts: Record<string, unknown>): Promise<EngineResult>;
}

/** Engines kept for reuse per rule set version (more are built while more runs overlap). */
const POOL_LIMIT = 32;

/**
 * One json-rules-engine Engine serves one run at a time. Engine.run keeps its status on the
 * instance: when one run finishes it marks the engine FINISHED, and a concurrent run on the
 * same instance silently skips its remaining priority levels. So each run borrows an engine
 * from a small pool. (Queueing runs on one engine measured the same today, since every fact
 * is synchronous, but would serialise all evaluations behind a future fact that awaits I/O.)
 */
export function compileRuleSet(
  definition: RuleSetDefinition,
  identity: { contentHash: string; deployedAt: string },
  defaults: { timeZone: string },
): CompiledRuleSet {
  const timeZone = definition.timeZone ?? defaults.timeZone;
  const version = String(definition.version);
  const build = () => {
    // allowUndefinedFacts: validation guarantees every referenced fact is declared or
    // computed, and pickFacts has already failed on missing required ones, so what is left
    // undefined here is an optional fact that was not provided — it evaluates as undefined.
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const op of batonOperators(timeZone)) engine.addOperator(op);
    for (const fact of dynamicFacts(timeZone)) engine.addFact(fact);
    for (const rule of definition.rules) {
      engine.addRule({ name: rule.name, priority: rule.priority ?? 1, conditions: rule.conditions, event: rule.event });
    }
    return engine;
  };
  const pool: Engine[] = [build()];
  return {
    definition,
    id: definition.id,
    version,
    contentHash: identity.contentHash,
    deployedAt: identity.deployedAt,
    timeZone,
    label: `rule set '${definition.id}' version ${version}`,
    order: new Map(definition.rules.map((r, i) => [r.name, i])),
    async run(facts) {
      const engine = pool.pop() ?? build();
      try {
        return await engine.run(facts);
      } finally {
        if (pool.length < POOL_LIMIT) pool.push(engine);
      }
    },
  };
}
