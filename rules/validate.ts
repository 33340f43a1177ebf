import type { z } from 'zod';
import { RuleSetValidationError } from './errors.ts';
import { DYNAMIC_FACT_SET, checkFactParams } from './facts.ts';
import { checkOperator } from './operators.ts';
import { booleanMetaSchema, factConditionSchema, isFactReference, ruleSetSchema, type FactReference, type RuleSetDefinition } from './schema.ts';
import { isValidTimeZone } from './time.ts';

/**
 * Checks a rule set completely before anything uses it: the schema (zod), then what a
 * schema cannot say — every operator is known, every fact is declared or computed, literal
 * values suit their operator, outcome keys are reachable. All problems are collected, each
 * as "<source>: rule '<name>' condition all[1]: <problem>", and the set is rejected whole.
 */
export function validateRuleSet(raw: unknown, source: string, expectedId?: string): RuleSetDefinition {
  const issues: string[] = [];
  const add = (where: string, problem: string) => issues.push(`${source}: ${where ? `${where}: ` : ''}${problem}`);

  const parsed = ruleSetSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) add(locate(issue, raw), issue.message);

  const set = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<RuleSetDefinition>;
  const facts = typeof set.facts === 'object' && set.facts !== null ? set.facts : {};
  if (expectedId !== undefined && typeof set.id === 'string' && set.id !== expectedId) add('id', `'${set.id}' does not match the file name (expected '${expectedId}')`);
  if (typeof set.timeZone === 'string' && !isValidTimeZone(set.timeZone)) add('timeZone', `unknown time zone '${set.timeZone}'`);
  for (const name of Object.keys(facts)) {
    if (DYNAMIC_FACT_SET.has(name) && name !== 'now') add(`facts.${name}`, `'${name}' is computed by Baton and cannot be declared`);
    if (name === 'now' && facts[name]?.type !== 'date-time') add('facts.now', `'now' must be declared as a date-time`);
  }
  const factKnown = (fact: string) => Object.hasOwn(facts, fact) || DYNAMIC_FACT_SET.has(fact);

  const rules = Array.isArray(set.rules) ? set.rules : [];
  const seen = new Map<string, number>();
  const decided = new Set(Object.keys(set.outcome?.default ?? {}));
  const accumulate = new Set(Array.isArray(set.outcome?.accumulate) ? set.outcome.accumulate : []);
  rules.forEach((rule, index) => {
    if (typeof rule !== 'object' || rule === null) return;
    const label = typeof rule.name === 'string' && rule.name ? `rule '${rule.name}'` : `rules[${index}]`;
    if (typeof rule.name === 'string') {
      if (seen.has(rule.name)) add(label, `is defined twice (rules[${seen.get(rule.name)}] and rules[${index}])`);
      seen.set(rule.name, index);
    }
    if (typeof rule.conditions === 'object' && rule.conditions !== null) {
      walkCondition(rule.conditions, '', (where, problem) => add(`${label} ${where ? `condition ${where}` : 'conditions'}`, problem), {
        factKnown,
        facts: { facts },
      });
    }
    const params = rule.event?.params;
    if (typeof params === 'object' && params !== null) {
      for (const ref of factReferences(params)) {
        const problem = factKnown(ref.fact) ? checkFactParams(ref.fact, ref.params, { facts }) : `unknown fact '${ref.fact}' (declare it under "facts")`;
        if (problem) add(`${label} event.params`, problem);
      }
      for (const [key, value] of Object.entries(params)) {
        decided.add(key);
        if (accumulate.has(key) && !Array.isArray(value)) add(`${label} event.params.${key}`, `is accumulated (outcome.accumulate), so it must be a list`);
      }
    }
  });
  for (const key of set.outcome?.required ?? []) {
    if (!decided.has(key)) add('outcome.required', `'${key}' is set by no rule and has no default`);
  }

  if (issues.length) throw new RuleSetValidationError(issues);
  // The walker has checked the conditions zod left as plain records.
  return (parsed.data as unknown) as RuleSetDefinition;
}

interface WalkContext {
  factKnown(fact: string): boolean;
  facts: Parameters<typeof checkFactParams>[2];
}

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;

function walkCondition(node: unknown, at: string, add: (where: string, problem: string) => void, ctx: WalkContext): void {
  const isRoot = at === '';
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return add(at, 'must be an object');
  if (Object.hasOwn(node, 'condition')) return add(at, 'condition references are not supported; write the condition inline');
  const kinds = BOOLEAN_KEYS.filter((k) => Object.hasOwn(node, k));
  if (kinds.length > 1) return add(at, `has both '${kinds[0]}' and '${kinds[1]}'; use one per node`);
  if (kinds.length === 0) {
    if (isRoot) return add(at, "must start with 'all', 'any' or 'not'");
    return checkFactCondition(node as Record<string, unknown>, at, add, ctx);
  }
  const kind = kinds[0];
  const meta = booleanMetaSchema.safeParse(node);
  if (!meta.success) for (const issue of meta.error.issues) add(join(at, issue.path), issue.message);
  const children = (node as Record<string, unknown>)[kind];
  if (kind === 'not') {
    if (Array.isArray(children)) return add(join(at, ['not']), "takes one condition, not a list (wrap several in 'all' or 'any')");
    return walkCondition(children, join(at, ['not']), add, ctx);
  }
  if (!Array.isArray(children)) return add(join(at, [kind]), 'must be a list of conditions');
  // json-rules-engine treats an empty 'any' as true, which nobody writing one means.
  if (kind === 'any' && children.length === 0) return add(join(at, [kind]), "is empty (an empty 'any' would always be true)");
  children.forEach((child, i) => walkCondition(child, join(at, [kind, i]), add, ctx));
}

function checkFactCondition(node: Record<string, unknown>, at: string, add: (where: string, problem: string) => void, ctx: WalkContext): void {
  if (!Object.hasOwn(node, 'value')) return add(at, "needs a 'value'");
  const parsed = factConditionSchema.safeParse(node);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(at, `${issue.path.length ? `'${issue.path.join('.')}' ` : ''}${issue.message}`);
    return;
  }
  const { fact, operator, value, params } = parsed.data;
  if (!ctx.factKnown(fact)) add(at, `unknown fact '${fact}' (declare it under "facts")`);
  else {
    const paramProblem = checkFactParams(fact, params, ctx.facts);
    if (paramProblem) add(at, paramProblem);
  }
  const valueIsFact = isFactReference(value);
  if (valueIsFact) {
    const problem = ctx.factKnown(value.fact) ? checkFactParams(value.fact, value.params, ctx.facts) : `value refers to unknown fact '${value.fact}'`;
    if (problem) add(at, problem);
  }
  const opProblem = checkOperator(operator, value, valueIsFact);
  if (opProblem) add(at, opProblem);
}

/** Every fact named by a `{ fact }` object anywhere inside event params. */
function factReferences(value: unknown, out: FactReference[] = []): FactReference[] {
  if (Array.isArray(value)) value.forEach((v) => factReferences(v, out));
  else if (isFactReference(value)) out.push(value);
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => factReferences(v, out));
  return out;
}

function join(at: string, path: ReadonlyArray<PropertyKey>): string {
  let out = at;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

/** "rule 'cfo' event.type" for a zod issue at rules[2].event.type, "facts.amount.type" at the top. */
function locate(issue: z.core.$ZodIssue, raw: unknown): string {
  const [head, index, ...rest] = issue.path;
  if (head === 'rules' && typeof index === 'number') {
    const rule = (raw as { rules: Array<{ name?: unknown }> }).rules[index];
    const label = typeof rule?.name === 'string' && rule.name ? `rule '${rule.name}'` : `rules[${index}]`;
    return rest.length ? `${label} ${join('', rest)}` : label;
  }
  return join('', issue.path);
}
