import fs from 'node:fs/promises';
import path from 'node:path';
import { compileRuleSet, type CompiledRuleSet } from './compile.ts';
import { RuleSetValidationError, RulesError } from './errors.ts';
import { evaluateCompiled, type Evaluation } from './evaluate.ts';
import type { RuleClock } from './facts.ts';
import type { RuleSetDefinition } from './schema.ts';
import { InMemoryRuleSetStore, contentHash, findByHash, type RuleSetStore, type StoredRuleSet } from './store.ts';
import { validateRuleSet } from './validate.ts';

export interface RuleRegistryOptions {
  /** Persistence for deployed versions (default: in memory only). */
  store?: RuleSetStore;
  /** Source of `now` when the facts do not provide one (default: the system clock). */
  clock?: RuleClock;
  /** Zone for businessHours and sameDay when a rule set names none (default UTC). */
  timeZone?: string;
}

/** What a deployment reports. `duplicate`: identical content was already deployed, nothing changed. */
export interface DeployedRuleSet {
  id: string;
  version: string;
  contentHash: string;
  deployedAt: string;
  duplicate: boolean;
}

/**
 * Every deployed version of every rule set. A version is the `version` label plus the
 * sha256 of the canonical JSON; a label can never be reused for other content, so a model
 * pinned to a version always gets the same rules. "Latest" is the last deployed, as for
 * Zeebe process definitions.
 */
export class RuleRegistry {
  private readonly all = new Map<string, CompiledRuleSet[]>();
  private readonly latest = new Map<string, CompiledRuleSet>();
  private readonly store: RuleSetStore;
  private readonly clock: RuleClock;
  private readonly timeZone: string;
  // Deployments run one at a time, so the conflict checks and the registration cannot interleave.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: RuleRegistryOptions = {}) {
    this.store = options.store ?? new InMemoryRuleSetStore();
    this.clock = options.clock ?? { now: () => Date.now() };
    this.timeZone = options.timeZone ?? 'UTC';
  }

  /**
   * Deploys every `*.json` in `dir`. All files are validated first; if any is bad, the
   * error lists every problem in every file and none of them is deployed.
   */
  async loadRuleSets(dir: string): Promise<DeployedRuleSet[]> {
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    const issues: string[] = [];
    const valid: Array<{ raw: unknown; source: string }> = [];
    for (const file of files) {
      const full = path.join(dir, file);
      const source = displayPath(full);
      try {
        const raw = parseJson(await fs.readFile(full, 'utf8'), source);
        const definition = validateRuleSet(raw, source, path.basename(file, '.json'));
        const clash = this.all.get(definition.id)?.find((v) => v.version === String(definition.version) && v.contentHash !== contentHash(raw));
        if (clash) issues.push(`${source}: version '${clash.version}' is already deployed with different content; give the changed rule set a new version`);
        else valid.push({ raw, source });
      } catch (err) {
        if (err instanceof RuleSetValidationError) issues.push(...err.issues);
        else throw err;
      }
    }
    if (issues.length) throw new RuleSetValidationError(issues);
    const deployed: DeployedRuleSet[] = [];
    for (const { raw, source } of valid) deployed.push(await this.deployRuleSet(raw, { source }));
    return deployed;
  }

  /** Deploys one rule set (an object or JSON text). `source` names it in error messages. */
  deployRuleSet(json: unknown, options: { source?: string } = {}): Promise<DeployedRuleSet> {
    const run = this.queue.then(() => this.deployNow(json, options.source));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async deployNow(json: unknown, sourceOption: string | undefined): Promise<DeployedRuleSet> {
    const guessId = typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string' ? (json as { id: string }).id : undefined;
    const source = sourceOption ?? (guessId ? `rule set '${guessId}'` : 'rule set');
    const raw = typeof json === 'string' ? parseJson(json, source) : json;
    const definition = validateRuleSet(raw, source);
    const hash = contentHash(raw);
    const version = String(definition.version);
    const known = this.all.get(definition.id) ?? [];
    const same = known.find((v) => v.contentHash === hash);
    if (same) return summary(same, true);
    const clash = known.find((v) => v.version === version) ?? (await this.store.load(definition.id, version));
    if (clash && clash.contentHash !== hash) {
      throw new RulesError(
        'VERSION_CONFLICT',
        `${source}: version '${version}' of '${definition.id}' is already deployed with different content (sha256 ${clash.contentHash.slice(0, 12)}); give the changed rule set a new version`,
      );
    }
    const deployedAt = clash?.deployedAt ?? new Date(this.clock.now()).toISOString();
    const compiled = compileRuleSet(definition, { contentHash: hash, deployedAt }, { timeZone: this.timeZone });
    if (!clash) await this.store.save({ id: definition.id, version, contentHash: hash, deployedAt, definition: raw });
    this.register(compiled, true);
    return summary(compiled, Boolean(clash));
  }

  /** A deployed version: by label, by content hash (prefix of 8+), or the latest when undefined. */
  async get(id: string, version?: string): Promise<CompiledRuleSet> {
    const known = this.all.get(id) ?? [];
    const found = version === undefined ? this.latest.get(id) : (known.find((v) => v.version === version) ?? findByHash(known, version));
    if (found) return found;
    const stored = await this.store.load(id, version);
    if (stored) return this.fromStore(stored, version === undefined);
    if (version === undefined || !known.length) {
      const ids = [...this.latest.keys()].sort();
      throw new RulesError('RULE_SET_NOT_FOUND', `unknown rule set '${id}' (deployed: ${ids.length ? ids.join(', ') : 'none'})`);
    }
    throw new RulesError('RULE_SET_NOT_FOUND', `rule set '${id}' has no version '${version}' (deployed: ${known.map((v) => v.version).join(', ')})`);
  }

  /** Evaluates facts against a rule set version (undefined: the latest). */
  async evaluate(ruleSetId: string, version: string | number | undefined, facts: Record<string, unknown>): Promise<Evaluation> {
    const set = await this.get(ruleSetId, version === undefined ? undefined : String(version));
    return evaluateCompiled(set, facts, this.clock);
  }

  /** Every version in memory, per rule set, in deployment order. */
  list(): Array<{ id: string; description: string; latest: string; versions: DeployedRuleSet[] }> {
    return [...this.all.entries()].map(([id, versions]) => ({
      id,
      description: versions.at(-1)?.definition.description ?? '',
      latest: this.latest.get(id)?.version ?? '',
      versions: versions.map((v) => summary(v, false)),
    }));
  }

  private register(set: CompiledRuleSet, isLatest: boolean): void {
    const versions = this.all.get(set.id) ?? [];
    if (!versions.some((v) => v.contentHash === set.contentHash)) versions.push(set);
    this.all.set(set.id, versions);
    if (isLatest) this.latest.set(set.id, set);
  }

  /** A version deployed elsewhere (another process, an earlier run): validated again before use. */
  private fromStore(stored: StoredRuleSet, isLatest: boolean): CompiledRuleSet {
    const definition: RuleSetDefinition = validateRuleSet(stored.definition, `stored rule set '${stored.id}' version ${stored.version}`);
    const compiled = compileRuleSet(definition, stored, { timeZone: this.timeZone });
    this.register(compiled, isLatest);
    return compiled;
  }
}

function summary(set: CompiledRuleSet, duplicate: boolean): DeployedRuleSet {
  return { id: set.id, version: set.version, contentHash: set.contentHash, deployedAt: set.deployedAt, duplicate };
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RuleSetValidationError([`${source}: not valid JSON: ${(err as Error).message}`]);
  }
}

/** "rules/approval-chain.json" for files under the working directory, the absolute path otherwise. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
