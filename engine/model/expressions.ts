/**
 * Model attributes as Zeebe reads them: `=…` is FEEL, anything else a static value; and the
 * deploy-time checks of Zeebe's ZeebeExpressionValidator, with its messages.
 */
import { parseExpression } from '@bpmn-io/feelin';
import type { Expression } from './types.ts';

/**
 * Zeebe's FeelExpressionLanguage matches `\=(.+)` (DOTALL): a lone `=` stays a static value.
 * Attributes are not trimmed before the check (Zeebe does not trim them either).
 */
export function toExpression(raw: string): Expression {
  if (raw.length > 1 && raw.startsWith('=')) return { kind: 'feel', source: raw.slice(1).trim() };
  return { kind: 'static', value: raw };
}

/**
 * Zeebe rejects unparsable FEEL at deploy time with "failed to parse expression '<expr>': …".
 * feelin's `parseExpression` never throws: lezer marks syntax errors as error nodes in the tree,
 * so we look for the first one. The detail after the colon is ours (FEEL-Scala's differs).
 */
export function feelSyntaxError(source: string): string | undefined {
  // The 'camunda' dialect accepts FEEL-Scala syntax such as `backtick names`, like the evaluator.
  const tree = parseExpression(source, {}, 'camunda');
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt !== undefined) return false;
      if (node.type.isError) {
        errorAt = node.from;
        return false;
      }
      return undefined;
    },
  });
  if (errorAt === undefined) return undefined;
  const before = source.slice(0, errorAt).split('\n');
  const line = before.length;
  const column = (before[before.length - 1]?.length ?? 0) + 1;
  const rest = source.slice(errorAt);
  const found = rest.trim() === '' ? 'end of input' : `"${rest.slice(0, 12)}"`;
  return `failed to parse expression '${source}': syntax error at ${line}:${column}, found ${found}`;
}

export interface ExpressionRule {
  /** Zeebe `isMandatory()`: a missing attribute is an error. */
  mandatory?: boolean;
  /** Zeebe `isNonStatic()`: the value must start with `=`. */
  nonStatic?: boolean;
  /** Zeebe `satisfiesIfStatic(...)`: a requirement on static values. */
  staticRequirement?: { test: (value: string) => boolean; description: string };
}

/** Problems with one attribute value, in Zeebe's wording; empty when it is fine. */
export function expressionProblems(raw: string | undefined, rule: ExpressionRule): string[] {
  if (raw === undefined) return rule.mandatory ? ['Expected expression but not found.'] : [];
  const expression = toExpression(raw);
  if (expression.kind === 'feel') {
    const error = feelSyntaxError(expression.source);
    return error ? [error] : [];
  }
  if (rule.nonStatic) {
    return [`Expected expression but found static value '${raw}'. An expression must start with '=' (e.g. '=${raw}').`];
  }
  const requirement = rule.staticRequirement;
  if (requirement && !requirement.test(raw)) {
    return [`Expected static value to ${requirement.description}, but found '${raw}'.`];
  }
  return [];
}

/** Zeebe's ZeebeElementValidator check for required attributes. */
export function requiredAttributeProblem(value: string | undefined, attribute: string): string | undefined {
  return value === undefined || value === '' ? `Attribute '${attribute}' must be present and not empty` : undefined;
}

/** Zeebe's ExpressionTransformer.parseListOfCsv: blank entries (`a, ,c`) are not CSV. */
export function isListOfCsv(value: string): boolean {
  if (value === '') return true;
  return value.split(',').every((entry) => entry.trim() !== '');
}

export const CSV_REQUIREMENT = {
  test: isListOfCsv,
  description: "be a list of comma-separated values, e.g. 'a,b,c'",
};

/** A ZonedDateTime as Java parses it: an ISO date-time with an offset (and optional zone id). */
export function isZonedDateTime(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:\d{2})(?:\[[^\]]+\])?$/.exec(value);
  return match !== null && !Number.isNaN(Date.parse(`${match[1]}${match[2]}`));
}

export const DATE_TIME_REQUIREMENT = {
  test: isZonedDateTime,
  description: "be a valid DateTime String, e.g. '2023-03-02T15:35+02:00'",
};

export const PRIORITY_REQUIREMENT = {
  test: (value: string) => /^[+-]?\d+$/.test(value.trim()),
  description: 'be a valid Number between 0 and 100',
};

const PATH_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;
const PATH_PATTERN_TEXT = '[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*';
const PATH_RESERVED_WORDS = ['null', 'true', 'false', 'function', 'if', 'then', 'else', 'for', 'between', 'instance', 'of'];

/** Zeebe's verifyPath for mapping targets (ZeebeExpressionValidator). */
export function targetPathProblems(target: string | undefined): string[] {
  if (target === undefined || target === '') return ['Expected path expression but not found.'];
  const problems: string[] = [];
  if (!PATH_PATTERN.test(target)) {
    problems.push(`Expected path expression '${target}' but doesn't match the pattern '${PATH_PATTERN_TEXT}'.`);
  }
  if (PATH_RESERVED_WORDS.includes(target)) {
    problems.push(`Expected path expression '${target}' but is one of the reserved words (${PATH_RESERVED_WORDS.join(', ')}).`);
  }
  return problems;
}

/**
 * A static input source as the FEEL string literal Zeebe's VariableMappingTransformer builds:
 * only `"` is escaped, so backslash sequences (`\n`) are read as FEEL escapes, as in Zeebe.
 */
export function feelStringLiteral(value: string): string {
  return `"${value.replace(/"/g, '\\"')}"`;
}
