import { CACHE_CAPACITY, LruCache } from './lru-cache.ts';
import { NO_WARNINGS, compileProgram, errorText, execute, hasSyntaxError, parse, referencedNames, syntaxErrorMessage, takeWarnings, variableName, withWarnings, type Program, type SyntaxNode } from './program.ts';
import { NotJsonError, isPlainObject, resultType, toJson } from './to-json.ts';
import type { Expression, FeelResult, FeelResultType, JsonValue, TypedResult, VariableLookup } from './types.ts';

// ---------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------

export type CompiledExpression =
  | { readonly kind: 'invalid'; readonly result: FeelResult }
  | { readonly kind: 'constant'; readonly result: FeelResult }
  | { readonly kind: 'path'; readonly head: string; readonly tail: readonly string[]; program?: Program }
  | { readonly kind: 'program'; readonly program: Program };

export const expressionCache = new LruCache<CompiledExpression>(CACHE_CAPACITY);

export const LITERAL_NODES = new Set(['NumericLiteral', 'StringLiteral', 'BooleanLiteral', 'null']);

/**
 * feelin may throw while building its closure tree (e.g. not implemented syntax); that
 * becomes a cached failure, never an exception out of evaluateFeel.
 */
export function compileExpression(source: string): CompiledExpression {
  try {
    return compileValidExpression(source);
  } catch (err) {
    return { kind: 'invalid', result: Object.freeze({ ok: false, message: evaluationFailure(source, err) }) };
  }
}

export function evaluationFailure(source: string, err: unknown): string {
  return `failed to evaluate expression '${source}': ${errorText(err)}`;
}

export function compileValidExpression(source: string): CompiledExpression {
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
export function simplePath(node: SyntaxNode, source: string): string[] | undefined {
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
export function readPath(head: string, tail: readonly string[], lookup: VariableLookup): unknown {
  let value = lookup(head);
  for (let i = 0; i < tail.length && value !== undefined; i++) {
    if (value === null || typeof value !== 'object' || !isPlainObject(value) || !Object.hasOwn(value, tail[i])) return undefined;
    value = value[tail[i]];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value)) return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  return value;
}

export function runProgram(source: string, program: Program, lookup: VariableLookup): FeelResult {
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

export function compiledExpression(source: string): CompiledExpression {
  let compiled = expressionCache.get(source);
  if (compiled === undefined) {
    compiled = compileExpression(source);
    expressionCache.set(source, compiled);
  }
  return compiled;
}

/** The slow case of a path (missing variable or entry, list, …), compiled on first need. */
export function runPathProgram(
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
export const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function staticResult(value: string): FeelResult {
  if (value === 'null') return { ok: true, value: null, type: 'NULL', warnings: NO_WARNINGS };
  if (value === 'true' || value === 'false') return { ok: true, value: value === 'true', type: 'BOOLEAN', warnings: NO_WARNINGS };
  if (DECIMAL.test(value)) return { ok: true, value: Number(value), type: 'NUMBER', warnings: NO_WARNINGS };
  return { ok: true, value, type: 'STRING', warnings: NO_WARNINGS };
}

export function expressionText(expr: Expression): string {
  return expr.kind === 'static' ? expr.value : expr.source;
}

/** Evaluates a model attribute; the result can be of any type. */
export function evaluateAny(expr: Expression, lookup: VariableLookup): FeelResult {
  return expr.kind === 'static' ? staticResult(expr.value) : evaluateFeel(expr.source, lookup);
}

/** Zeebe's ExpressionProcessor.typeCheck. */
export function expectType(expr: Expression, result: FeelResult, expected: FeelResultType): TypedResult<JsonValue> {
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
