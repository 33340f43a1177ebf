/**
 * What a decision table returns once its matching rules' outputs are known, per hit policy,
 * following dmn-scala's DecisionTableEvaluator.applyHitPolicy (the engine inside Zeebe):
 *
 * - UNIQUE, FIRST, PRIORITY, ANY return one row: its single output value, or a context of
 *   all outputs keyed by output name.
 * - RULE ORDER, OUTPUT ORDER and COLLECT return a list of such values; COLLECT with SUM,
 *   MIN, MAX or COUNT returns one number.
 *
 * Only called with at least one matched row: with none, the table's default outputs apply
 * (see decision-table.ts), for every hit policy, so even COLLECT/COUNT returns null then.
 */
import type { JsonValue } from '../feel/expression.ts';
import { scalaList, scalaMap, scalaNumber, scalaVal } from './scala-format.ts';
import type { DecisionTable, DecisionTableOutput } from './types.ts';

/** The output values of one matched rule, one per output column. */
export type Row = readonly JsonValue[];

export type HitPolicyResult = { ok: true; value: JsonValue } | { ok: false; message: string };

export function applyHitPolicy(table: DecisionTable, rows: readonly Row[]): HitPolicyResult {
  const { outputs } = table;
  switch (table.hitPolicy) {
    case 'FIRST':
      return { ok: true, value: rowValue(outputs, rows[0]) };
    case 'UNIQUE':
      if (rows.length === 1) return { ok: true, value: rowValue(outputs, rows[0]) };
      return { ok: false, message: `multiple values aren't allowed for UNIQUE hit policy. found: '${scalaRows(outputs, rows)}'` };
    case 'ANY': {
      const distinct = rows.filter((row, i) => rows.findIndex((other) => jsonEqual(row, other)) === i);
      if (distinct.length === 1) return { ok: true, value: rowValue(outputs, rows[0]) };
      return { ok: false, message: `different values aren't allowed for ANY hit policy. found: '${scalaRows(outputs, distinct)}'` };
    }
    case 'PRIORITY':
      return { ok: true, value: rowValue(outputs, byPriority(outputs, rows)[0]) };
    case 'OUTPUT ORDER':
      return { ok: true, value: byPriority(outputs, rows).map((row) => rowValue(outputs, row)) };
    case 'RULE ORDER':
      return { ok: true, value: rows.map((row) => rowValue(outputs, row)) };
    case 'COLLECT':
      return collect(table, rows);
  }
}

function collect(table: DecisionTable, rows: readonly Row[]): HitPolicyResult {
  const { outputs, aggregation } = table;
  if (aggregation === undefined) return { ok: true, value: rows.map((row) => rowValue(outputs, row)) };
  if (aggregation === 'COUNT') return { ok: true, value: rows.length };
  // Deploy rejects an aggregation over several outputs; this guards the model type only.
  if (outputs.length !== 1) return { ok: false, message: `multiple values aren't allowed. found: ${scalaRows(outputs, rows)}` };
  const numbers: number[] = [];
  for (const [value] of rows) {
    if (typeof value !== 'number') return { ok: false, message: `expected number but found '${scalaVal(value)}'` };
    numbers.push(value);
  }
  if (aggregation === 'SUM') return { ok: true, value: numbers.reduce((sum, n) => sum + n, 0) };
  return { ok: true, value: aggregation === 'MIN' ? Math.min(...numbers) : Math.max(...numbers) };
}

/** One output: its value. Several: a context keyed by output name (dmn-scala's ValContext). */
export function rowValue(outputs: readonly DecisionTableOutput[], row: Row): JsonValue {
  if (row.length === 1) return row[0];
  const context: Record<string, JsonValue> = {};
  outputs.forEach((output, i) => {
    context[output.name ?? ''] = row[i];
  });
  return context;
}

/**
 * dmn-scala's sortByPriority, quirks included because they decide which rule wins: each
 * row's key is the concatenation, over the outputs, of the value's position in that output's
 * `outputValues` ('_' when absent, or for a value that is neither string nor number), and
 * the keys are compared as strings. A stable sort keeps rule order among equal keys.
 */
function byPriority(outputs: readonly DecisionTableOutput[], rows: readonly Row[]): Row[] {
  const keyOf = (row: Row): string =>
    outputs
      .map((output, i) => {
        const value = row[i];
        const text = typeof value === 'string' ? value : typeof value === 'number' ? scalaNumber(value) : undefined;
        // Scala's `values.zipWithIndex.toMap` keeps the last position of a repeated value.
        const position = text === undefined ? -1 : output.priorities.lastIndexOf(text);
        return position < 0 ? '_' : String(position);
      })
      .join('');
  const keyed = rows.map((row) => ({ row, key: keyOf(row) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ row }) => row);
}

function scalaRows(outputs: readonly DecisionTableOutput[], rows: readonly Row[]): string {
  return scalaList(rows.map((row) => scalaMap(row.map((value, i) => [outputs[i]?.name, value] as const))));
}

/** Structural equality of JSON values (Scala's `==` on Vals); object key order is irrelevant. */
function jsonEqual(a: JsonValue | Row, b: JsonValue | Row): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const keys = Object.keys(a);
  const objectB = b as Record<string, JsonValue>;
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, JsonValue>)[key], objectB[key]));
}
