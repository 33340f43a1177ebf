import { Operator } from 'json-rules-engine';
import { calendarDay, isIsoDateOrDateTime, toInstant } from './time.ts';

/**
 * Operators Baton adds to json-rules-engine's defaults, and the catalogue the validator
 * checks every condition against. Evaluators never throw: a fact of the wrong shape makes
 * the condition false (and the explanation shows the factResult that caused it), while a
 * bad literal value is caught when the rule set is loaded.
 */

/** json-rules-engine 7.3's defaults (engine-default-operators.js); a test pins them. */
export const BUILT_IN_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

/** json-rules-engine 7.3's decorators, written `decorator:operator` (e.g. `not:in`). */
export const BUILT_IN_DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'] as const;

export const BATON_OPERATORS = ['before', 'after', 'sameDay', 'containsAny', 'containsAll', 'matches', 'between'] as const;

/** Longest regex source `matches` accepts, and longest fact string it will test. */
export const MAX_PATTERN_LENGTH = 256;
export const MAX_MATCH_INPUT_LENGTH = 10_000;

type ValueCheck = (value: unknown) => string | undefined;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

const needsArray: ValueCheck = (v) => (Array.isArray(v) ? undefined : `needs a list value, got ${show(v)}`);
const needsNumber: ValueCheck = (v) => (isNumber(v) ? undefined : `needs a number value, got ${show(v)}`);
const needsDate: ValueCheck = (v) => (isIsoDateOrDateTime(v) ? undefined : `needs an ISO 8601 date or date-time value, got ${show(v)}`);
const needsRange: ValueCheck = (v) =>
  Array.isArray(v) && v.length === 2 && isNumber(v[0]) && isNumber(v[1]) && v[0] <= v[1]
    ? undefined
    : `needs [min, max] numbers with min <= max, got ${show(v)}`;

/** What a literal value must look like for each operator (absent: anything goes). */
const VALUE_CHECKS: Record<string, ValueCheck> = {
  in: needsArray,
  notIn: needsArray,
  lessThan: needsNumber,
  lessThanInclusive: needsNumber,
  greaterThan: needsNumber,
  greaterThanInclusive: needsNumber,
  before: needsDate,
  after: needsDate,
  sameDay: needsDate,
  containsAny: needsArray,
  containsAll: needsArray,
  between: needsRange,
  matches: (v) => {
    const r = compilePattern(v);
    return typeof r === 'string' ? r : undefined;
  },
};

interface Pattern {
  pattern: string;
  flags?: string;
}

const regexCache = new Map<string, RegExp>();

/**
 * `matches` takes "source" or { pattern, flags }. No g/y flags: they make RegExp.test
 * stateful across evaluations. A quantified group that itself ends in a quantifier
 * ((a+)+, (\w*)*) is refused: that is the classic catastrophic-backtracking shape.
 */
export function compilePattern(value: unknown): RegExp | string {
  const spec: Pattern | undefined =
    typeof value === 'string' ? { pattern: value } : typeof value === 'object' && value !== null && typeof (value as Pattern).pattern === 'string' ? (value as Pattern) : undefined;
  if (!spec) return `needs a regular expression (a string or { pattern, flags }), got ${show(value)}`;
  const flags = spec.flags ?? '';
  const key = `${flags}/${spec.pattern}`;
  const cached = regexCache.get(key);
  if (cached) return cached;
  if (spec.pattern.length > MAX_PATTERN_LENGTH) return `pattern is ${spec.pattern.length} characters long, the limit is ${MAX_PATTERN_LENGTH}`;
  if (!/^[imsu]*$/.test(flags)) return `flags '${flags}' not allowed (only i, m, s, u)`;
  if (/\((?:[^()\\]|\\.)*[+*}]\)[+*{]/.test(spec.pattern)) return `pattern ${show(spec.pattern)} nests quantifiers, which can backtrack catastrophically`;
  try {
    const re = new RegExp(spec.pattern, flags);
    regexCache.set(key, re);
    return re;
  } catch (err) {
    return `invalid regular expression: ${(err as Error).message}`;
  }
}

function matches(fact: unknown, value: unknown): boolean {
  if (typeof fact !== 'string' || fact.length > MAX_MATCH_INPUT_LENGTH) return false;
  const re = compilePattern(value);
  return typeof re !== 'string' && re.test(fact);
}

function compareInstants(fact: unknown, value: unknown, cmp: (a: number, b: number) => boolean): boolean {
  const a = toInstant(fact);
  const b = toInstant(value);
  return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
}

/** The operators to add to each engine; sameDay needs the rule set's time zone. */
export function batonOperators(timeZone: string): Operator[] {
  return [
    new Operator('before', (a: unknown, b: unknown) => compareInstants(a, b, (x, y) => x < y)),
    new Operator('after', (a: unknown, b: unknown) => compareInstants(a, b, (x, y) => x > y)),
    new Operator('sameDay', (a: unknown, b: unknown) => {
      const day = calendarDay(a, timeZone);
      return day !== undefined && day === calendarDay(b, timeZone);
    }),
    new Operator('containsAny', (a: unknown[], b: unknown) => Array.isArray(b) && b.some((x) => a.includes(x)), Array.isArray),
    new Operator('containsAll', (a: unknown[], b: unknown) => Array.isArray(b) && b.every((x) => a.includes(x)), Array.isArray),
    new Operator('matches', matches),
    new Operator('between', (a: unknown, b: unknown) => isNumber(a) && Array.isArray(b) && a >= b[0] && a <= b[1]),
  ];
}

const OPERATORS = new Set<string>([...BUILT_IN_OPERATORS, ...BATON_OPERATORS]);
const DECORATORS = new Set<string>(BUILT_IN_DECORATORS);

/**
 * Problems with an operator name and its literal value, as the validator reports them
 * (undefined: fine). `value` is undefined when it is a fact reference (not known until run).
 */
export function checkOperator(operator: string, value: unknown, valueIsFact: boolean): string | undefined {
  const parts = operator.split(':');
  const base = parts.pop() as string;
  for (const decorator of parts) {
    if (!DECORATORS.has(decorator)) return `unknown operator decorator '${decorator}' in '${operator}'${suggest(decorator, DECORATORS)}`;
  }
  if (!OPERATORS.has(base)) return `unknown operator '${base}'${suggest(base, OPERATORS)}`;
  const check = VALUE_CHECKS[base];
  if (valueIsFact || !check || parts.includes('swap')) return undefined;
  // someValue/everyValue apply the operator to each element of the value list.
  const perElement = parts.includes('someValue') || parts.includes('everyValue');
  if (perElement && !Array.isArray(value)) return `operator '${operator}' needs a list value, got ${show(value)}`;
  for (const v of perElement ? (value as unknown[]) : [value]) {
    const problem = check(v);
    if (problem) return `operator '${operator}' ${problem}`;
  }
  return undefined;
}

function suggest(name: string, known: Set<string>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best ? ` (did you mean '${best}'?)` : '';
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
