import type { Almanac, RuleResult } from 'json-rules-engine';
import type { CompiledRuleSet } from './compile.ts';
import { RulesError } from './errors.ts';
import { pickFacts, type RuleClock } from './facts.ts';
import { isFactReference } from './schema.ts';

/**
 * One evaluation and its explanation. The same object is the API result and the audit
 * record: which rule set content decided, on which facts, which rules fired or failed and,
 * for each condition, the value json-rules-engine compared (factResult) and the verdict.
 */
export interface Evaluation {
  ruleSetId: string;
  version: string;
  contentHash: string;
  /** When the evaluation ran (the clock), ISO 8601. */
  evaluatedAt: string;
  /** The instant `now`, businessHours and slaAgeMinutes used (a provided `now` fact or the clock). */
  now: string;
  /** The declared facts that were provided; other input is ignored and not recorded. */
  facts: Record<string, unknown>;
  /** Merged params of the fired rules (see rules/README.md, "Outcome"). */
  outcome: Record<string, unknown>;
  /** Rules whose conditions held, highest priority first. */
  fired: Array<{ rule: string; priority: number; event: string; params: Record<string, unknown> }>;
  failed: Array<{ rule: string; priority: number }>;
  /** Per rule name, its fact conditions in document order. */
  conditions: Record<string, ConditionTrace[]>;
  durationMs: number;
}

export interface ConditionTrace {
  /** Where in the rule's conditions, e.g. "all[1].any[0]". */
  at: string;
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
  operator: string;
  value: unknown;
  /** The compared value when `value` is a `{ fact }` reference. */
  valueResult?: unknown;
  /** The fact's value as compared (after `path`); absent when the fact was undefined. */
  factResult?: unknown;
  /** null: not evaluated — json-rules-engine short-circuited it (condition priorities). */
  result: boolean | null;
}

export async function evaluateCompiled(set: CompiledRuleSet, input: Record<string, unknown>, clock: RuleClock): Promise<Evaluation> {
  const started = performance.now();
  const evaluatedAt = new Date(clock.now()).toISOString();
  const facts = pickFacts(set.definition, set.label, input);
  const now = typeof facts.now === 'string' ? facts.now : facts.now !== undefined ? new Date(facts.now as number).toISOString() : evaluatedAt;

  const { results: passed, failureResults, almanac } = await set.run({ ...facts, now });
  const results = [...passed, ...failureResults];
  const rank = (r: RuleResult) => [-(r.priority ?? 1), set.order.get(r.name) ?? 0];
  results.sort((a, b) => {
    const [pa, oa] = rank(a);
    const [pb, ob] = rank(b);
    return pa - pb || oa - ob;
  });

  const fired: Evaluation['fired'] = [];
  const failed: Evaluation['failed'] = [];
  const conditions: Evaluation['conditions'] = {};
  for (const r of results) {
    conditions[r.name] = traceConditions(r.conditions, '');
    if (r.result) {
      const params = (await resolveParams(r.event?.params ?? {}, almanac)) as Record<string, unknown>;
      fired.push({ rule: r.name, priority: r.priority ?? 1, event: r.event?.type ?? '', params });
    } else failed.push({ rule: r.name, priority: r.priority ?? 1 });
  }

  const evaluation: Evaluation = {
    ruleSetId: set.id,
    version: set.version,
    contentHash: set.contentHash,
    evaluatedAt,
    now,
    facts,
    outcome: mergeOutcome(set, fired),
    fired,
    failed,
    conditions,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  };
  const undecided = (set.definition.outcome?.required ?? []).filter((k) => evaluation.outcome[k] === undefined);
  if (undecided.length) {
    const firedNames = fired.length ? fired.map((f) => `'${f.rule}'`).join(', ') : 'none';
    throw Object.assign(new RulesError('INCOMPLETE_OUTCOME', `${set.label}: no rule decided ${undecided.map((k) => `'${k}'`).join(', ')} (fired: ${firedNames})`), {
      evaluation,
    });
  }
  return evaluation;
}

/**
 * Fired rules in priority order; for each key the first rule that sets it wins (so a
 * higher-priority rule overrides a general one), except `accumulate` keys, whose lists are
 * concatenated without duplicates. `default` fills what no rule set.
 */
function mergeOutcome(set: CompiledRuleSet, fired: Evaluation['fired']): Record<string, unknown> {
  const accumulate = new Set(set.definition.outcome?.accumulate ?? []);
  const outcome: Record<string, unknown> = {};
  for (const { params } of fired) {
    for (const [key, value] of Object.entries(params)) {
      if (accumulate.has(key)) outcome[key] = union((outcome[key] as unknown[] | undefined) ?? [], value as unknown[]);
      else if (!(key in outcome)) outcome[key] = value;
    }
  }
  for (const [key, value] of Object.entries(set.definition.outcome?.default ?? {})) {
    if (!(key in outcome)) outcome[key] = value;
  }
  return outcome;
}

function union(a: unknown[], b: unknown[]): unknown[] {
  const seen = new Set(a.map((x) => JSON.stringify(x)));
  const out = [...a];
  for (const x of b) {
    const key = JSON.stringify(x);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(x);
    }
  }
  return out;
}

/** Replaces every `{ fact, path?, params? }` inside event params (also inside lists) by its value. */
async function resolveParams(value: unknown, almanac: Almanac): Promise<unknown> {
  if (isFactReference(value)) return almanac.factValue(value.fact, value.params, value.path);
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolveParams(v, almanac)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveParams(v, almanac)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The condition tree json-rules-engine annotated during the run, flattened to its leaves. */
interface AnnotatedNode {
  all?: AnnotatedNode[];
  any?: AnnotatedNode[];
  not?: AnnotatedNode;
  fact?: string;
  path?: string;
  params?: Record<string, unknown>;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

function traceConditions(node: unknown, at: string, out: ConditionTrace[] = []): ConditionTrace[] {
  const n = node as AnnotatedNode;
  const nested = (key: string) => (at ? `${at}.${key}` : key);
  if (n.all || n.any) {
    const key = n.all ? 'all' : 'any';
    (n.all ?? n.any ?? []).forEach((child, i) => traceConditions(child, `${nested(key)}[${i}]`, out));
  } else if (n.not) {
    traceConditions(n.not, nested('not'), out);
  } else if (n.fact !== undefined) {
    out.push({
      at,
      fact: n.fact,
      ...(n.path ? { path: n.path } : {}),
      ...(n.params ? { params: n.params } : {}),
      operator: n.operator ?? '',
      value: n.value,
      ...(isFactReference(n.value) ? { valueResult: n.valueResult } : {}),
      ...(n.factResult !== undefined ? { factResult: n.factResult } : {}),
      result: n.result ?? null,
    });
  }
  return out;
}
