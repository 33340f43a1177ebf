import { evaluate as feelinEvaluate, parseExpression, parseUnaryTests, unaryTest as feelinUnaryTest, type Warning as FeelinWarning } from '@bpmn-io/feelin';
import type { FeelWarning, VariableLookup } from './types.ts';

// ---------------------------------------------------------------------------
// feelin adapter: parse trees and reusable programs
// ---------------------------------------------------------------------------

/** Zeebe runs FEEL-scala; feelin's `camunda` dialect adds its syntax (e.g. `backtick names`). */
export const DIALECT = 'camunda';

export type ParseTree = ReturnType<typeof parseExpression>;
export type SyntaxNode = ParseTree['topNode'];

export let parseCount = 0;

export function parse(source: string, top: 'expression' | 'unaryTests'): ParseTree {
  parseCount++;
  return top === 'expression' ? parseExpression(source, {}, DIALECT) : parseUnaryTests(source, {}, DIALECT);
}

export function hasSyntaxError(tree: ParseTree): boolean {
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
export function syntaxErrorMessage(source: string, top: 'expression' | 'unaryTests'): string {
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

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How feelin names a VariableName node: its identifiers joined by one space, backticks removed. */
export function variableName(node: SyntaxNode, source: string): string {
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
export function referencedNames(tree: ParseTree, source: string): string[] {
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
export interface Program {
  /** The definition context of the wrapper function; filled before each run. */
  readonly scope: Record<string, unknown>;
  /** Names bound from the VariableLookup before each run. */
  readonly names: readonly string[];
  readonly run: () => unknown;
  /** feelin's live warnings array for every run of this program. */
  readonly warnings: FeelinWarning[];
}

// A newline before `)` keeps a trailing `// comment` in the source from swallowing it.
export const WRAP_PREFIX = 'function() (\n';
export const WRAP_SUFFIX = '\n)';

export interface FeelFunctionValue {
  fn: () => unknown;
}

export function isFeelFunctionValue(value: unknown): value is FeelFunctionValue {
  return typeof value === 'object' && value !== null && typeof (value as { fn?: unknown }).fn === 'function';
}

/** `source` must already be known to parse as a FEEL expression on its own. */
export function compileProgram(source: string, names: readonly string[]): Program {
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
export function execute(program: Program, lookup: VariableLookup): unknown {
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
export function executeWithInput(program: Program, lookup: VariableLookup, input: unknown): unknown {
  program.scope['?'] = input;
  try {
    return execute(program, lookup);
  } finally {
    program.scope['?'] = undefined;
    program.warnings.length = 0; // a match has no use for them
  }
}

export const NO_WARNINGS: readonly FeelWarning[] = Object.freeze([]);

/** FEEL-scala's wording for a missing variable, as it appears in Zeebe incidents. */
export function toFeelWarning(warning: FeelinWarning): FeelWarning {
  if (warning.type === 'NO_VARIABLE_FOUND') {
    const name = /^Variable '(.*)' not found$/s.exec(warning.message)?.[1];
    if (name !== undefined) return { type: warning.type, message: `No variable found with name '${name}'` };
  }
  return { type: warning.type, message: warning.message };
}

/** Reads and clears: feelin's warnings reference the values they complain about. */
export function takeWarnings(program: Program): readonly FeelWarning[] {
  if (program.warnings.length === 0) return NO_WARNINGS;
  const warnings = program.warnings.map(toFeelWarning);
  program.warnings.length = 0;
  return warnings;
}

/** Zeebe's ExpressionProcessor.createFailureMessage. */
export function withWarnings(message: string, warnings: readonly FeelWarning[]): string {
  if (warnings.length === 0) return message;
  const list = warnings.map((w) => `[${w.type}] ${w.message}`).join('\n');
  return `${message} The evaluation reported the following warnings:\n${list}`;
}
