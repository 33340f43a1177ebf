import { evaluateBoolean, evaluateFeel, evaluateNumber, evaluateString } from '../feel/expression.ts';
import type { Expression } from '../model/types.ts';
import type { VariableLookup } from './variables.ts';

export type Evaluated<T> = { ok: true; value: T } | { ok: false; message: string };

/** Evaluates a model attribute: static text as is, `=` expressions through FEEL. */
export function evaluateExpression(expr: Expression, lookup: VariableLookup): Evaluated<unknown> {
  if (expr.kind === 'static') return { ok: true, value: expr.value };
  return evaluateFeel(expr.source, lookup);
}

export function evaluateToString(expr: Expression, lookup: VariableLookup): Evaluated<string> {
  return evaluateString(expr, lookup);
}

/** Correlation keys may be strings or numbers (Zeebe turns numbers into text). */
export function evaluateToCorrelationKey(expr: Expression, lookup: VariableLookup): Evaluated<string> {
  const result = evaluateExpression(expr, lookup);
  if (!result.ok) return result;
  if (typeof result.value === 'string') return { ok: true, value: result.value };
  if (typeof result.value === 'number') return { ok: true, value: String(result.value) };
  return { ok: false, message: `The value must be either a string or a number, but was '${feelType(result.value)}'.` };
}

/** Zeebe truncates numbers where it needs an integer (retries, priority). */
export function evaluateToInteger(expr: Expression, lookup: VariableLookup): Evaluated<number> {
  const result = evaluateNumber(expr, lookup);
  return result.ok ? { ok: true, value: Math.trunc(result.value) } : result;
}

export function evaluateToBoolean(source: string, lookup: VariableLookup): Evaluated<boolean> {
  return evaluateBoolean({ kind: 'feel', source }, lookup);
}

/** A list of strings, from a FEEL list or from comma-separated static text (candidate groups). */
export function evaluateToStringList(expr: Expression, lookup: VariableLookup): Evaluated<string[]> {
  if (expr.kind === 'static') {
    return { ok: true, value: expr.value.split(',').map((s) => s.trim()).filter(Boolean) };
  }
  const result = evaluateFeel(expr.source, lookup);
  if (!result.ok) return result;
  if (Array.isArray(result.value) && result.value.every((v) => typeof v === 'string')) return { ok: true, value: result.value };
  if (typeof result.value === 'string') return { ok: true, value: result.value.split(',').map((s) => s.trim()).filter(Boolean) };
  return typeError(expr, 'ARRAY', result.value);
}

function typeError(expr: Expression, expected: string, value: unknown): Evaluated<never> {
  const text = expr.kind === 'feel' ? expr.source : expr.value;
  return { ok: false, message: `Expected result of the expression '${text}' to be '${expected}', but was '${feelType(value)}'.` };
}

export function feelType(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return 'ARRAY';
  switch (typeof value) {
    case 'string':
      return 'STRING';
    case 'number':
      return 'NUMBER';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'OBJECT';
  }
}
