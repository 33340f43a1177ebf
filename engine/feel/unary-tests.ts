import { unaryTest as feelinUnaryTest } from '@bpmn-io/feelin';
import { evaluationFailure } from './evaluate.ts';
import { CACHE_CAPACITY, LruCache } from './lru-cache.ts';
import { DIALECT, compileProgram, executeWithInput, hasSyntaxError, parse, referencedNames, syntaxErrorMessage, type Program, type SyntaxNode } from './program.ts';
import type { TypedResult, VariableLookup } from './types.ts';

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

export type UnaryPart = { readonly mode: 'match' | 'strict' | 'value'; readonly program: Program };

export type CompiledUnaryTests =
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'tests'; readonly negate: boolean; readonly parts: readonly UnaryPart[] }
  | { readonly kind: 'feelin'; readonly source: string; readonly names: readonly string[] };

export const unaryCache = new LruCache<CompiledUnaryTests>(CACHE_CAPACITY);

export const WILDCARD: CompiledUnaryTests = { kind: 'wildcard' };

export function compileUnaryTests(test: string): CompiledUnaryTests {
  try {
    return compileValidUnaryTests(test);
  } catch (err) {
    return { kind: 'invalid', message: evaluationFailure(test.trim(), err) };
  }
}

export function compileValidUnaryTests(test: string): CompiledUnaryTests {
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

export function compileParts(tests: SyntaxNode, source: string): UnaryPart[] | undefined {
  const parts: UnaryPart[] = [];
  for (let node = tests.firstChild; node; node = node.nextSibling) {
    const part = node.name === 'PositiveUnaryTest' ? compilePart(node, source) : undefined;
    if (!part) return undefined;
    parts.push(part);
  }
  return parts;
}

export function compilePart(test: SyntaxNode, source: string): UnaryPart | undefined {
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
export function compileStandalone(source: string, shapeOk: (expression: SyntaxNode) => boolean): Program | undefined {
  const tree = parse(source, 'expression');
  const body = tree.topNode.firstChild;
  if (hasSyntaxError(tree) || !body || body.nextSibling || !shapeOk(body)) return undefined;
  return compileProgram(source, referencedNames(tree, source).filter((n) => n !== '?'));
}

/** `? in <SimplePositiveUnaryTest>`, so the test is not read as a different expression. */
export function isSimpleTestComparison(node: SyntaxNode): boolean {
  const test = node.name === 'Comparison' ? node.lastChild : null;
  return test?.name === 'PositiveUnaryTest' && test.firstChild?.name === 'SimplePositiveUnaryTest';
}

/** feelin's static type tags (tag / coalecenseTypes), as far as they can yield 'boolean'. */
export function staticType(node: SyntaxNode): 'boolean' | 'other' {
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

export let equalsProgram: Program | undefined;

/** FEEL equality (feelin's `equals`, reached through `a = b`). */
export function feelEquals(a: unknown, b: unknown): boolean {
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

export interface FeelRange {
  includes(value: unknown): unknown;
}

export function isRange(value: unknown): value is FeelRange {
  if (typeof value !== 'object' || value === null || !('start included' in value)) return false;
  return typeof (value as { includes?: unknown }).includes === 'function';
}

export function partMatches(part: UnaryPart, input: unknown, lookup: VariableLookup): boolean {
  const t = executeWithInput(part.program, lookup, input);
  if (part.mode === 'match') return t === true;
  if (part.mode === 'strict') return t === input;
  if (Array.isArray(t)) return t.includes(input);
  if (typeof t === 'boolean') return t;
  if (typeof t === 'function') return (t as (value: unknown) => unknown)(input) === true;
  if (isRange(t)) return t.includes(input) === true;
  return feelEquals(t, input);
}

export function runFeelinUnaryTests(
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

export function compiledUnaryTests(test: string): CompiledUnaryTests {
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
