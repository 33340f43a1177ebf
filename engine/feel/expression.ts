/**
 * FEEL for expressions in models (`=…` attributes) and DMN unary tests, with Zeebe's
 * semantics, on top of @bpmn-io/feelin.
 *
 * Semantics (Zeebe 8.x with FEEL-scala 1.17+):
 * - An attribute starting with `=` (and at least one more character) is a FEEL
 *   expression; anything else is a static value. Like Zeebe's StaticExpression, a static
 *   value is typed: `null`, `true`/`false` and decimal numbers are NULL/BOOLEAN/NUMBER,
 *   everything else is a STRING.
 * - A missing variable is not an error: it evaluates to null and leaves a warning.
 *   Typed evaluation (condition, retries, …) fails when the result has the wrong type,
 *   with Zeebe's message, and appends the warnings the way Zeebe's incidents do:
 *   "Expected result of the expression 'x > 1' to be 'BOOLEAN', but was 'NULL'. The
 *   evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found
 *   with name 'x'".
 * - Results are JSON values, as Zeebe stores variables: FEEL dates, date-times, times
 *   and durations become the strings Zeebe writes (FeelToMessagePackTransformer).
 *   Functions and ranges cannot be stored; Zeebe silently writes null for them, Baton
 *   reports an error instead so the model author sees the mistake.
 *
 * Speed. feelin has no compile step: `evaluate(source, context)` parses on every call
 * and parsing is ~90 % of the cost. Its Interpreter, which could run a pre-parsed tree,
 * is not exported (dist/index.js exports only evaluate, unaryTest, parseExpression,
 * parseUnaryTests, SyntaxError, date, duration). The smallest honest way to reuse a parse
 * with the public API is FEEL itself: `evaluate('function() (<source>)', scope)` returns
 * a FEEL function value (feelin's FunctionWrapper) whose `fn` runs the already-built
 * closure tree of <source>. Its body reads variables from the definition context
 * `scope`, which feelin copies at every call (`Object.assign({}, context)`), so filling
 * `scope` before the call is exactly like evaluating <source> in that context. The
 * warnings of every later call land in the warnings array that the defining `evaluate`
 * returned (feelin hands out its live array), so they are observable too. The test
 * suite checks both properties against plain feelin, so a feelin upgrade that breaks
 * them fails loudly.
 *
 * On top of that: plain variable references (`x`) and paths (`a.b.c`) over JSON
 * objects are read directly, and literals are evaluated once at compile time; neither
 * touches the interpreter. Compiled entries live in bounded LRU caches.
 *
 * Variables are never merged into one context object: each compiled expression knows
 * the top-level names its parse tree references and asks the VariableLookup for just
 * those.
 */
import {
  evaluate as feelinEvaluate,
  parseExpression,
  parseUnaryTests,
  unaryTest as feelinUnaryTest,
  type Warning as FeelinWarning,
} from '@bpmn-io/feelin';

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/** A model attribute: a static value, or a FEEL expression (source without the `=`). */
export type Expression = { kind: 'static'; value: string } | { kind: 'feel'; source: string };

/** Reads one variable from the engine's (nested) scopes; undefined = not present. */
export type VariableLookup = (name: string) => unknown | undefined;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Zeebe's io.camunda.zeebe.el.ResultType names, used in its incident messages. */
export type FeelResultType =
  | 'NULL'
  | 'BOOLEAN'
  | 'NUMBER'
  | 'STRING'
  | 'ARRAY'
  | 'OBJECT'
  | 'DURATION'
  | 'PERIOD'
  | 'DATE'
  | 'DATE_TIME'
  | 'UNKNOWN';

/** A suppressed failure of an evaluation, e.g. `NO_VARIABLE_FOUND`. */
export interface FeelWarning {
  readonly type: string;
  readonly message: string;
}

/**
 * `value` may share structure with the variables the lookup returned: treat it as
 * immutable (copy before mutating).
 */
export type FeelResult =
  | { readonly ok: true; readonly value: JsonValue; readonly type: FeelResultType; readonly warnings: readonly FeelWarning[] }
  | { readonly ok: false; readonly message: string };

export type TypedResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export interface CacheStats {
  size: number;
  capacity: number;
  hits: number;
  misses: number;
  evictions: number;
}

export interface FeelCacheStats {
  expressions: CacheStats;
  unaryTests: CacheStats;
  /** Sources handed to feelin's parser (each compile parses once or twice). */
  parses: number;
}

// ---------------------------------------------------------------------------
// Model attributes
// ---------------------------------------------------------------------------

/** Zeebe's rule (FeelExpressionLanguage: `\=(.+)`, DOTALL): `=` plus at least one character. */
export function parseModelExpression(attr: string): Expression {
  if (attr.length > 1 && attr.startsWith('=')) {
    return { kind: 'feel', source: attr.slice(1).trim() };
  }
  return { kind: 'static', value: attr };
}

// ---------------------------------------------------------------------------
// feelin adapter: parse trees and reusable programs
// ---------------------------------------------------------------------------

/** Zeebe runs FEEL-scala; feelin's `camunda` dialect adds its syntax (e.g. `backtick names`). */
const DIALECT = 'camunda';

type ParseTree = ReturnType<typeof parseExpression>;
type SyntaxNode = ParseTree['topNode'];

let parseCount = 0;

function parse(source: string, top: 'expression' | 'unaryTests'): ParseTree {
  parseCount++;
  return top === 'expression' ? parseExpression(source, {}, DIALECT) : parseUnaryTests(source, {}, DIALECT);
}

function hasSyntaxError(tree: ParseTree): boolean {
  let found = false;
  tree.iterate({
    enter(node) {
      if (node.type.isError) found = true;
      return !found;
    },
  });
  return found;
}

/**
 * feelin's own description of a syntax error. Its interpreter builds the whole closure
 * tree, which throws at the first error node, before it evaluates anything, so calling
 * it on invalid source is side-effect free.
 */
function syntaxErrorMessage(source: string, top: 'expression' | 'unaryTests'): string {
  try {
    parseCount++;
    if (top === 'expression') feelinEvaluate(source, {}, DIALECT);
    else feelinUnaryTest(source, {}, DIALECT);
  } catch (err) {
    const position = (err as { position?: { from?: unknown } }).position?.from;
    const where = typeof position === 'number' ? ` at position ${position}` : '';
    return `failed to parse expression '${source}': ${errorText(err)}${where}`;
  }
  return `failed to parse expression '${source}': invalid syntax`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How feelin names a VariableName node: its identifiers joined by one space, backticks removed. */
function variableName(node: SyntaxNode, source: string): string {
  const parts: string[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const text = source.slice(child.from, child.to);
    parts.push(child.name === 'BacktickIdentifier' ? text.replace(/`/g, '') : text);
  }
  return parts.join(' ');
}

/**
 * Top-level names the expression may read. Over-approximates on purpose (loop variables,
 * filter item properties, built-in function names): an extra name only costs one lookup,
 * and an absent variable behaves exactly as if it were not in the context (see execute).
 * Property names after a `.` are skipped: they are read from the value, not the scope.
 */
function referencedNames(tree: ParseTree, source: string): string[] {
  const names = new Set<string>();
  tree.iterate({
    enter(ref) {
      if (ref.name === '?') names.add('?');
      if (ref.name !== 'VariableName') return true;
      const node = ref.node;
      const isPathProperty = node.parent?.name === 'PathExpression' && node.prevSibling !== null;
      if (!isPathProperty) names.add(variableName(node, source));
      return false;
    },
  });
  // Assigning `scope['__proto__']` would replace the scope's prototype; such a
  // variable evaluates as missing instead.
  names.delete('__proto__');
  return [...names];
}

/** A compiled FEEL expression: feelin's closure tree behind a FEEL function value. */
interface Program {
  /** The definition context of the wrapper function; filled before each run. */
  readonly scope: Record<string, unknown>;
  /** Names bound from the VariableLookup before each run. */
  readonly names: readonly string[];
  readonly run: () => unknown;
  /** feelin's live warnings array for every run of this program. */
  readonly warnings: FeelinWarning[];
}

// A newline before `)` keeps a trailing `// comment` in the source from swallowing it.
const WRAP_PREFIX = 'function() (\n';
const WRAP_SUFFIX = '\n)';

interface FeelFunctionValue {
  fn: () => unknown;
}

function isFeelFunctionValue(value: unknown): value is FeelFunctionValue {
  return typeof value === 'object' && value !== null && typeof (value as { fn?: unknown }).fn === 'function';
}

/** `source` must already be known to parse as a FEEL expression on its own. */
function compileProgram(source: string, names: readonly string[]): Program {
  const scope: Record<string, unknown> = {};
  parseCount++;
  const defined = feelinEvaluate(WRAP_PREFIX + source + WRAP_SUFFIX, scope, DIALECT);
  if (!isFeelFunctionValue(defined.value)) {
    throw new Error(`@bpmn-io/feelin did not return a function value for a function definition (wrapping '${source}')`);
  }
  const fn = defined.value.fn;
  return { scope, names, run: () => fn(), warnings: defined.warnings };
}

/**
 * Runs a program with the variables it references. Names the lookup does not know are
 * bound to undefined: feelin treats an undefined entry like a missing one (null plus a
 * NO_VARIABLE_FOUND warning, or the built-in function of that name), and every context
 * it derives puts local bindings after the outer context, so they still win.
 *
 * The shared scope and warnings array are safe because evaluation is synchronous and
 * FEEL cannot call back into engine code.
 */
function execute(program: Program, lookup: VariableLookup): unknown {
  const { scope, names } = program;
  for (let i = 0; i < names.length; i++) scope[names[i]] = lookup(names[i]);
  program.warnings.length = 0;
  try {
    return program.run();
  } finally {
    // Do not keep variable values alive in the cache between evaluations.
    for (let i = 0; i < names.length; i++) scope[names[i]] = undefined;
  }
}

/** A unary test's part: `?` is the input value, not a variable. */
function executeWithInput(program: Program, lookup: VariableLookup, input: unknown): unknown {
  program.scope['?'] = input;
  try {
    return execute(program, lookup);
  } finally {
    program.scope['?'] = undefined;
    program.warnings.length = 0; // a match has no use for them
  }
}

const NO_WARNINGS: readonly FeelWarning[] = Object.freeze([]);

/** FEEL-scala's wording for a missing variable, as it appears in Zeebe incidents. */
function toFeelWarning(warning: FeelinWarning): FeelWarning {
  if (warning.type === 'NO_VARIABLE_FOUND') {
    const name = /^Variable '(.*)' not found$/s.exec(warning.message)?.[1];
    if (name !== undefined) return { type: warning.type, message: `No variable found with name '${name}'` };
  }
  return { type: warning.type, message: warning.message };
}

/** Reads and clears: feelin's warnings reference the values they complain about. */
function takeWarnings(program: Program): readonly FeelWarning[] {
  if (program.warnings.length === 0) return NO_WARNINGS;
  const warnings = program.warnings.map(toFeelWarning);
  program.warnings.length = 0;
  return warnings;
}

/** Zeebe's ExpressionProcessor.createFailureMessage. */
function withWarnings(message: string, warnings: readonly FeelWarning[]): string {
  if (warnings.length === 0) return message;
  const list = warnings.map((w) => `[${w.type}] ${w.message}`).join('\n');
  return `${message} The evaluation reported the following warnings:\n${list}`;
}

// ---------------------------------------------------------------------------
// FEEL values → JSON (what Zeebe stores)
// ---------------------------------------------------------------------------

/** The parts of luxon's DateTime that feelin's values expose (luxon is feelin's, not ours). */
interface LuxonDateTime {
  readonly isLuxonDateTime: true;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Offset from UTC in minutes. */
  readonly offset: number;
  readonly zone: { readonly type: string; readonly name: string };
}

interface LuxonDuration {
  readonly isLuxonDuration: true;
  toObject(): Partial<Record<DurationUnit, number>>;
  toISO(): string;
}

type DurationUnit = 'years' | 'quarters' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds' | 'milliseconds';

function isLuxonDateTime(value: object): value is LuxonDateTime {
  return (value as { isLuxonDateTime?: unknown }).isLuxonDateTime === true;
}

function isLuxonDuration(value: object): value is LuxonDuration {
  return (value as { isLuxonDuration?: unknown }).isLuxonDuration === true;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * feelin has one DateTime class for all temporal values and tells them apart like its
 * getType: a time lies on 1900-01-01, a date is midnight UTC. One addition: local
 * (system zone) midnight is a date too, because that is what feelin's `today()` returns;
 * the price is that a local date-time literal at exactly midnight is stored as a date.
 */
function temporalKind(dt: LuxonDateTime): 'time' | 'date' | 'date time' {
  if (dt.year === 1900 && dt.month === 1 && dt.day === 1) return 'time';
  const midnight = dt.hour === 0 && dt.minute === 0 && dt.second === 0 && dt.millisecond === 0;
  const utcOrLocal = (dt.zone.type === 'fixed' && dt.offset === 0) || dt.zone.type === 'system';
  return midnight && utcOrLocal ? 'date' : 'date time';
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

function isoDate(dt: LuxonDateTime): string {
  const year = dt.year < 0 ? `-${pad(dt.year, 4)}` : dt.year > 9999 ? `+${dt.year}` : pad(dt.year, 4);
  return `${year}-${pad(dt.month)}-${pad(dt.day)}`;
}

/** java.time ISO_LOCAL_TIME: seconds always, fraction only as long as needed. */
function isoTime(dt: LuxonDateTime): string {
  const fraction = dt.millisecond === 0 ? '' : `.${pad(dt.millisecond, 3).replace(/0+$/, '')}`;
  return `${pad(dt.hour)}:${pad(dt.minute)}:${pad(dt.second)}${fraction}`;
}

/** java.time ZoneOffset ids: `Z` for UTC, else `+hh:mm`. */
function offsetId(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * Zeebe: a local date-time is written with ISO_LOCAL_DATE_TIME, a zoned one with
 * ISO_ZONED_DATE_TIME (`+01:00[Europe/Berlin]`). feelin gives local values the
 * system zone.
 */
function formatDateTime(dt: LuxonDateTime): string {
  const local = `${isoDate(dt)}T${isoTime(dt)}`;
  if (dt.zone.type === 'system') return local;
  if (dt.zone.type === 'fixed') return local + offsetId(dt.offset);
  return `${local}${offsetId(dt.offset)}[${dt.zone.name}]`;
}

/**
 * Zeebe writes a local time with java.time.LocalTime#toString (`10:00`, `10:00:30`,
 * `10:00:30.500`). For a time with offset or zone, FEEL's own notation is used
 * (`10:00:00+02:00`, `10:00:00@Europe/Berlin`).
 */
function formatTime(dt: LuxonDateTime): string {
  if (dt.zone.type === 'system') {
    const seconds = dt.second === 0 && dt.millisecond === 0 ? '' : `:${pad(dt.second)}`;
    const millis = dt.millisecond === 0 ? '' : `.${pad(dt.millisecond, 3)}`;
    return `${pad(dt.hour)}:${pad(dt.minute)}${seconds}${millis}`;
  }
  if (dt.zone.type === 'fixed') return isoTime(dt) + offsetId(dt.offset);
  return `${isoTime(dt)}@${dt.zone.name}`;
}

const YEAR_MONTH_UNITS: readonly DurationUnit[] = ['years', 'quarters', 'months'];
const DAY_TIME_UNITS: readonly DurationUnit[] = ['weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds'];

interface DurationParts {
  months: number;
  millis: number;
  hasYearMonth: boolean;
  hasDayTime: boolean;
}

function durationParts(duration: LuxonDuration): DurationParts {
  const o = duration.toObject();
  const n = (unit: DurationUnit): number => o[unit] ?? 0;
  return {
    months: n('years') * 12 + n('quarters') * 3 + n('months'),
    millis:
      ((((n('weeks') * 7 + n('days')) * 24 + n('hours')) * 60 + n('minutes')) * 60 + n('seconds')) * 1000 +
      n('milliseconds'),
    hasYearMonth: YEAR_MONTH_UNITS.some((u) => o[u] !== undefined),
    hasDayTime: DAY_TIME_UNITS.some((u) => o[u] !== undefined),
  };
}

/** A duration of years/months only is FEEL's "years and months duration" (Zeebe PERIOD). */
function isYearMonthDuration(parts: DurationParts): boolean {
  return parts.hasYearMonth && (!parts.hasDayTime || parts.millis === 0);
}

/** FEEL-scala ValYearMonthDuration.format: `P1Y2M`, `P0Y`, `-P1M`. */
function formatYearMonth(totalMonths: number): string {
  const years = Math.trunc(totalMonths / 12);
  const months = totalMonths % 12;
  if (years === 0 && months === 0) return 'P0Y';
  const text = (y: number, m: number): string => `P${y ? `${y}Y` : ''}${m ? `${m}M` : ''}`;
  return years <= 0 && months <= 0 ? `-${text(-years, -months)}` : text(years, months);
}

/** FEEL-scala ValDayTimeDuration.format: `P1DT2H`, `PT30S`, `P0D` (whole seconds). */
function formatDayTime(millis: number): string {
  const totalSeconds = Math.trunc(millis / 1000);
  const day = Math.trunc(totalSeconds / 86400);
  const hour = Math.trunc(totalSeconds / 3600) % 24;
  const minute = Math.trunc(totalSeconds / 60) % 60;
  const second = totalSeconds % 60;
  if (day === 0 && hour === 0 && minute === 0 && second === 0) return 'P0D';
  const text = (d: number, h: number, m: number, s: number): string => {
    const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
    return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
  };
  const negative = day <= 0 && hour <= 0 && minute <= 0 && second <= 0;
  return negative ? `-${text(-day, -hour, -minute, -second)}` : text(day, hour, minute, second);
}

function formatDuration(duration: LuxonDuration): string {
  const parts = durationParts(duration);
  if (isYearMonthDuration(parts)) return formatYearMonth(parts.months);
  if (parts.months === 0) return formatDayTime(parts.millis);
  return duration.toISO(); // both kinds at once: FEEL has no such type; keep all of it
}

/** Thrown inside toJson; carries what was found. */
class NotJsonError extends Error {}

function describeNonJson(value: object): string {
  if (isFeelFunctionValue(value)) return 'a function';
  if ('start included' in value) return 'a range';
  return `a value of type '${value.constructor?.name ?? 'unknown'}'`;
}

/** Copy-on-write: JSON input comes back as the same object, so results cost no copies. */
function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw new NotJsonError(`the number ${value}`);
    case 'object':
      return objectToJson(value);
    case 'function':
      throw new NotJsonError('a function');
    default:
      throw new NotJsonError(`a value of type '${typeof value}'`);
  }
}

function objectToJson(value: object): JsonValue {
  if (Array.isArray(value)) return listToJson(value);
  if (isLuxonDateTime(value)) {
    const kind = temporalKind(value);
    return kind === 'date' ? isoDate(value) : kind === 'time' ? formatTime(value) : formatDateTime(value);
  }
  if (isLuxonDuration(value)) return formatDuration(value);
  if (isPlainObject(value) && !isFeelFunctionValue(value)) return contextToJson(value);
  throw new NotJsonError(describeNonJson(value));
}

function listToJson(list: readonly unknown[]): JsonValue[] {
  let copy: JsonValue[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const converted = toJson(item);
    if (converted !== item && copy === undefined) copy = list.slice(0, i) as JsonValue[];
    if (copy !== undefined) copy.push(converted);
  }
  return copy ?? (list as JsonValue[]);
}

function contextToJson(context: Record<string, unknown>): { [key: string]: JsonValue } {
  let copy: { [key: string]: JsonValue } | undefined;
  for (const key of Object.keys(context)) {
    const entry = context[key];
    const converted = toJson(entry);
    if (converted !== entry && copy === undefined) copy = { ...(context as { [key: string]: JsonValue }) };
    if (copy !== undefined) copy[key] = converted;
  }
  return copy ?? (context as { [key: string]: JsonValue });
}

/** Zeebe's FeelEvaluationResult.getType, applied to feelin's value. */
function resultType(value: unknown): FeelResultType {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return 'BOOLEAN';
    case 'number':
      return 'NUMBER';
    case 'string':
      return 'STRING';
    case 'object':
      return objectResultType(value);
    default:
      return 'UNKNOWN';
  }
}

function objectResultType(value: object): FeelResultType {
  if (Array.isArray(value)) return 'ARRAY';
  if (isLuxonDateTime(value)) {
    const kind = temporalKind(value);
    return kind === 'date' ? 'DATE' : kind === 'date time' ? 'DATE_TIME' : 'UNKNOWN';
  }
  if (isLuxonDuration(value)) return isYearMonthDuration(durationParts(value)) ? 'PERIOD' : 'DURATION';
  if (isPlainObject(value) && !isFeelFunctionValue(value)) return 'OBJECT';
  return 'UNKNOWN';
}

// ---------------------------------------------------------------------------
// Bounded caches
// ---------------------------------------------------------------------------

class LruCache<V> {
  private readonly entries = new Map<string, V>();
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return;
    const oldest = this.entries.keys().next();
    if (!oldest.done) {
      this.entries.delete(oldest.value);
      this.evictions++;
    }
  }

  clear(): void {
    this.entries.clear();
    this.hits = this.misses = this.evictions = 0;
  }

  stats(): CacheStats {
    return { size: this.entries.size, capacity: this.capacity, hits: this.hits, misses: this.misses, evictions: this.evictions };
  }
}

/** Deployed models hold far fewer distinct expressions; the bound only guards against abuse. */
const CACHE_CAPACITY = 4096;

// ---------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------

type CompiledExpression =
  | { readonly kind: 'invalid'; readonly result: FeelResult }
  | { readonly kind: 'constant'; readonly result: FeelResult }
  | { readonly kind: 'path'; readonly head: string; readonly tail: readonly string[]; program?: Program }
  | { readonly kind: 'program'; readonly program: Program };

const expressionCache = new LruCache<CompiledExpression>(CACHE_CAPACITY);

const LITERAL_NODES = new Set(['NumericLiteral', 'StringLiteral', 'BooleanLiteral', 'null']);

/**
 * feelin may throw while building its closure tree (e.g. not implemented syntax); that
 * becomes a cached failure, never an exception out of evaluateFeel.
 */
function compileExpression(source: string): CompiledExpression {
  try {
    return compileValidExpression(source);
  } catch (err) {
    return { kind: 'invalid', result: Object.freeze({ ok: false, message: evaluationFailure(source, err) }) };
  }
}

function evaluationFailure(source: string, err: unknown): string {
  return `failed to evaluate expression '${source}': ${errorText(err)}`;
}

function compileValidExpression(source: string): CompiledExpression {
  const tree = parse(source, 'expression');
  if (hasSyntaxError(tree)) {
    return { kind: 'invalid', result: Object.freeze({ ok: false, message: syntaxErrorMessage(source, 'expression') }) };
  }
  const body = tree.topNode.firstChild;
  if (body && LITERAL_NODES.has(body.name)) {
    return { kind: 'constant', result: Object.freeze(runProgram(source, compileProgram(source, []), () => undefined)) };
  }
  const path = body ? simplePath(body, source) : undefined;
  if (path) return { kind: 'path', head: path[0], tail: path.slice(1) };
  return { kind: 'program', program: compileProgram(source, referencedNames(tree, source)) };
}

/** `x` or `a.b.c`: a variable followed by property names, nothing else. */
function simplePath(node: SyntaxNode, source: string): string[] | undefined {
  if (node.name === 'VariableName') return [variableName(node, source)];
  if (node.name !== 'PathExpression') return undefined;
  const target = node.firstChild;
  const property = target?.nextSibling;
  if (!target || property?.name !== 'VariableName' || property.nextSibling) return undefined;
  const head = simplePath(target, source);
  return head ? [...head, variableName(property, source)] : undefined;
}

/**
 * The fast path reads only what it can read exactly as feelin would: own entries of
 * plain JSON objects. Anything else (a missing variable or entry, a list to map over,
 * a non-JSON value) returns undefined and the caller runs the full program.
 */
function readPath(head: string, tail: readonly string[], lookup: VariableLookup): unknown {
  let value = lookup(head);
  for (let i = 0; i < tail.length && value !== undefined; i++) {
    if (value === null || typeof value !== 'object' || !isPlainObject(value) || !Object.hasOwn(value, tail[i])) return undefined;
    value = value[tail[i]];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value)) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return value;
}

function runProgram(source: string, program: Program, lookup: VariableLookup): FeelResult {
  let raw: unknown;
  try {
    raw = execute(program, lookup);
  } catch (err) {
    return { ok: false, message: withWarnings(evaluationFailure(source, err), takeWarnings(program)) };
  }
  const warnings = takeWarnings(program);
  try {
    return { ok: true, value: toJson(raw), type: resultType(raw), warnings };
  } catch (err) {
    if (!(err instanceof NotJsonError)) throw err;
    const message = `failed to evaluate expression '${source}': expected a JSON-compatible result but found ${err.message}`;
    return { ok: false, message: withWarnings(message, warnings) };
  }
}

function compiledExpression(source: string): CompiledExpression {
  let compiled = expressionCache.get(source);
  if (compiled === undefined) {
    compiled = compileExpression(source);
    expressionCache.set(source, compiled);
  }
  return compiled;
}

/** The slow case of a path (missing variable or entry, list, …), compiled on first need. */
function runPathProgram(
  source: string,
  compiled: { readonly head: string; program?: Program },
  lookup: VariableLookup,
): FeelResult {
  try {
    compiled.program ??= compileProgram(source, [compiled.head]);
  } catch (err) {
    return { ok: false, message: evaluationFailure(source, err) };
  }
  return runProgram(source, compiled.program, lookup);
}

/**
 * Evaluates FEEL `source` (without the leading `=`). Never throws for bad input: a
 * syntax error or a failing evaluation is `{ ok: false, message }`, ready to become an
 * incident. A missing variable is null plus a warning, not a failure.
 */
export function evaluateFeel(source: string, lookup: VariableLookup): FeelResult {
  const compiled = compiledExpression(source);
  switch (compiled.kind) {
    case 'invalid':
    case 'constant':
      return compiled.result;
    case 'program':
      return runProgram(source, compiled.program, lookup);
    case 'path': {
      const value = readPath(compiled.head, compiled.tail, lookup);
      if (value !== undefined) return { ok: true, value: value as JsonValue, type: resultType(value), warnings: NO_WARNINGS };
      return runPathProgram(source, compiled, lookup);
    }
  }
}

// ---------------------------------------------------------------------------
// Static values and typed evaluation
// ---------------------------------------------------------------------------

/** java.math.BigDecimal's string syntax, which Zeebe's StaticExpression tries. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function staticResult(value: string): FeelResult {
  if (value === 'null') return { ok: true, value: null, type: 'NULL', warnings: NO_WARNINGS };
  if (value === 'true' || value === 'false') return { ok: true, value: value === 'true', type: 'BOOLEAN', warnings: NO_WARNINGS };
  if (DECIMAL.test(value)) return { ok: true, value: Number(value), type: 'NUMBER', warnings: NO_WARNINGS };
  return { ok: true, value, type: 'STRING', warnings: NO_WARNINGS };
}

function expressionText(expr: Expression): string {
  return expr.kind === 'static' ? expr.value : expr.source;
}

/** Evaluates a model attribute; the result can be of any type. */
export function evaluateAny(expr: Expression, lookup: VariableLookup): FeelResult {
  return expr.kind === 'static' ? staticResult(expr.value) : evaluateFeel(expr.source, lookup);
}

/** Zeebe's ExpressionProcessor.typeCheck. */
function expectType(expr: Expression, result: FeelResult, expected: FeelResultType): TypedResult<JsonValue> {
  if (!result.ok) return result;
  if (result.type === expected) return { ok: true, value: result.value };
  const message = `Expected result of the expression '${expressionText(expr)}' to be '${expected}', but was '${result.type}'.`;
  return { ok: false, message: withWarnings(message, result.warnings) };
}

/** Conditions (sequence flows, completion conditions). */
export function evaluateBoolean(expr: Expression, lookup: VariableLookup): TypedResult<boolean> {
  return expectType(expr, evaluateAny(expr, lookup), 'BOOLEAN') as TypedResult<boolean>;
}

/**
 * Job types, message names, correlation keys, …. A static attribute is always its text:
 * deliberately more lenient than Zeebe's StaticExpression, which would call a static
 * `123` a NUMBER and reject it here.
 */
export function evaluateString(expr: Expression, lookup: VariableLookup): TypedResult<string> {
  if (expr.kind === 'static') return { ok: true, value: expr.value };
  return expectType(expr, evaluateFeel(expr.source, lookup), 'STRING') as TypedResult<string>;
}

/** Retries and other counts. Zeebe then takes `longValue()`; callers truncate as they need. */
export function evaluateNumber(expr: Expression, lookup: VariableLookup): TypedResult<number> {
  return expectType(expr, evaluateAny(expr, lookup), 'NUMBER') as TypedResult<number>;
}

/** Multi-instance input collections. */
export function evaluateList(expr: Expression, lookup: VariableLookup): TypedResult<JsonValue[]> {
  return expectType(expr, evaluateAny(expr, lookup), 'ARRAY') as TypedResult<JsonValue[]>;
}

// ---------------------------------------------------------------------------
// Unary tests (DMN input entries)
// ---------------------------------------------------------------------------
//
// feelin evaluates unary tests in its UnaryTests node:
//   matched = tests.some(t => Array.isArray(t) ? t.includes(input)
//                            : typeof t === 'boolean' ? t : compareValue(t, input))
// where a test whose static type is boolean (e.g. `true`) compares strictly with the
// input, and compareValue calls functions, asks ranges, or uses FEEL equality.
// Each positive test is compiled as an expression (which can be cached, see Program)
// and that combination is replayed here:
// - `< 10`, `[1..5]`, … run as `? in <test>`, whose result is the match;
// - any other test runs as an expression giving `t`, combined as above.
// Shapes this does not recognise are evaluated by feelin's own unaryTest (uncached).

type UnaryPart = { readonly mode: 'match' | 'strict' | 'value'; readonly program: Program };

type CompiledUnaryTests =
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'tests'; readonly negate: boolean; readonly parts: readonly UnaryPart[] }
  | { readonly kind: 'feelin'; readonly source: string; readonly names: readonly string[] };

const unaryCache = new LruCache<CompiledUnaryTests>(CACHE_CAPACITY);

const WILDCARD: CompiledUnaryTests = { kind: 'wildcard' };

function compileUnaryTests(test: string): CompiledUnaryTests {
  try {
    return compileValidUnaryTests(test);
  } catch (err) {
    return { kind: 'invalid', message: evaluationFailure(test.trim(), err) };
  }
}

function compileValidUnaryTests(test: string): CompiledUnaryTests {
  const source = test.trim();
  // DMN: an empty input entry is the same as `-`.
  if (source === '') return WILDCARD;
  const tree = parse(source, 'unaryTests');
  if (hasSyntaxError(tree)) return { kind: 'invalid', message: syntaxErrorMessage(source, 'unaryTests') };
  const first = tree.topNode.firstChild;
  if (first?.name === 'Wildcard' && first.nextSibling === null) return WILDCARD;
  const negate = first?.name === 'not';
  const tests = negate ? first?.nextSibling?.nextSibling : first;
  const parts = tests?.name === 'PositiveUnaryTests' ? compileParts(tests, source) : undefined;
  if (parts) return { kind: 'tests', negate, parts };
  return { kind: 'feelin', source, names: referencedNames(tree, source).filter((n) => n !== '?') };
}

function compileParts(tests: SyntaxNode, source: string): UnaryPart[] | undefined {
  const parts: UnaryPart[] = [];
  for (let node = tests.firstChild; node; node = node.nextSibling) {
    const part = node.name === 'PositiveUnaryTest' ? compilePart(node, source) : undefined;
    if (!part) return undefined;
    parts.push(part);
  }
  return parts;
}

function compilePart(test: SyntaxNode, source: string): UnaryPart | undefined {
  const inner = test.firstChild;
  if (!inner || inner.nextSibling) return undefined;
  const text = source.slice(inner.from, inner.to);
  if (inner.name === 'SimplePositiveUnaryTest') {
    const program = compileStandalone(`? in ${text}`, isSimpleTestComparison);
    return program && { mode: 'match', program };
  }
  const program = compileStandalone(text, () => true);
  return program && { mode: staticType(inner) === 'boolean' ? 'strict' : 'value', program };
}

/** Compiles `source` as an expression if it parses without error into the expected shape. */
function compileStandalone(source: string, shapeOk: (expression: SyntaxNode) => boolean): Program | undefined {
  const tree = parse(source, 'expression');
  const body = tree.topNode.firstChild;
  if (hasSyntaxError(tree) || !body || body.nextSibling || !shapeOk(body)) return undefined;
  return compileProgram(source, referencedNames(tree, source).filter((n) => n !== '?'));
}

/** `? in <SimplePositiveUnaryTest>`, so the test is not read as a different expression. */
function isSimpleTestComparison(node: SyntaxNode): boolean {
  const test = node.name === 'Comparison' ? node.lastChild : null;
  return test?.name === 'PositiveUnaryTest' && test.firstChild?.name === 'SimplePositiveUnaryTest';
}

/** feelin's static type tags (tag / coalecenseTypes), as far as they can yield 'boolean'. */
function staticType(node: SyntaxNode): 'boolean' | 'other' {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  const both = (a: SyntaxNode | undefined, b: SyntaxNode | undefined): 'boolean' | 'other' =>
    a && staticType(a) === 'boolean' && (!b || staticType(b) === 'boolean') ? 'boolean' : 'other';
  switch (node.name) {
    case 'BooleanLiteral':
      return 'boolean';
    case 'ParenthesizedExpression':
      return both(children[1], undefined);
    case 'IfExpression':
      return both(children[3], children[5]);
    case 'ArithmeticExpression':
      return children.length === 3 ? both(children[0], children[2]) : both(children[1], undefined);
    default:
      return 'other';
  }
}

let equalsProgram: Program | undefined;

/** FEEL equality (feelin's `equals`, reached through `a = b`). */
function feelEquals(a: unknown, b: unknown): boolean {
  const type = typeof a;
  if (type === typeof b && (type === 'string' || type === 'number' || type === 'boolean')) return a === b;
  equalsProgram ??= compileProgram('a = b', []);
  equalsProgram.scope.a = a;
  equalsProgram.scope.b = b;
  try {
    return equalsProgram.run() === true;
  } finally {
    equalsProgram.scope.a = equalsProgram.scope.b = undefined;
  }
}

interface FeelRange {
  includes(value: unknown): unknown;
}

function isRange(value: unknown): value is FeelRange {
  if (typeof value !== 'object' || value === null || !('start included' in value)) return false;
  return typeof (value as { includes?: unknown }).includes === 'function';
}

function partMatches(part: UnaryPart, input: unknown, lookup: VariableLookup): boolean {
  const t = executeWithInput(part.program, lookup, input);
  if (part.mode === 'match') return t === true;
  if (part.mode === 'strict') return t === input;
  if (Array.isArray(t)) return t.includes(input);
  if (typeof t === 'boolean') return t;
  if (typeof t === 'function') return (t as (value: unknown) => unknown)(input) === true;
  if (isRange(t)) return t.includes(input) === true;
  return feelEquals(t, input);
}

function runFeelinUnaryTests(
  compiled: { readonly source: string; readonly names: readonly string[] },
  input: unknown,
  lookup: VariableLookup,
): boolean {
  const context: Record<string, unknown> = {};
  for (const name of compiled.names) {
    const value = lookup(name);
    if (value !== undefined) context[name] = value;
  }
  context['?'] = input;
  return feelinUnaryTest(compiled.source, context, DIALECT).value === true;
}

function compiledUnaryTests(test: string): CompiledUnaryTests {
  let compiled = unaryCache.get(test);
  if (compiled === undefined) {
    compiled = compileUnaryTests(test);
    unaryCache.set(test, compiled);
  }
  return compiled;
}

/**
 * Whether `inputValue` satisfies the unary tests `test` (a DMN input entry such as
 * `"gold","silver"`, `> 10`, `[1..5]`, `not(null)` or `-`). Variables are read through
 * `lookup`; `?` is the input value.
 */
export function evaluateUnaryTest(test: string, inputValue: unknown, lookup: VariableLookup): TypedResult<boolean> {
  const compiled = compiledUnaryTests(test);
  if (compiled.kind === 'invalid') return { ok: false, message: compiled.message };
  if (compiled.kind === 'wildcard') return { ok: true, value: true };
  const input = inputValue === undefined ? null : inputValue;
  try {
    if (compiled.kind === 'feelin') return { ok: true, value: runFeelinUnaryTests(compiled, input, lookup) };
    const matched = compiled.parts.some((part) => partMatches(part, input, lookup));
    return { ok: true, value: compiled.negate ? !matched : matched };
  } catch (err) {
    return { ok: false, message: evaluationFailure(test.trim(), err) };
  }
}

// ---------------------------------------------------------------------------
// Cache inspection (tests, metrics)
// ---------------------------------------------------------------------------

export function feelCacheStats(): FeelCacheStats {
  return { expressions: expressionCache.stats(), unaryTests: unaryCache.stats(), parses: parseCount };
}

/** Empties both caches and resets their counters (the parse counter keeps counting). */
export function clearFeelCache(): void {
  expressionCache.clear();
  unaryCache.clear();
}
