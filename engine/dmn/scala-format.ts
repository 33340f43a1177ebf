/**
 * dmn-scala puts values into its failure messages inside Scala collections
 * (`List(Map(approver -> "CFO"))`), and Zeebe passes those messages on into incidents
 * unchanged. Zeebe 8.6 prints each value as a FEEL literal (`"a"`, `1`, `true`, `null`; seen in
 * the differential suite). Baton's values are JSON, so dates render as strings.
 */
import type { JsonValue } from '../feel/expression.ts';

/** A value as a FEEL literal, the way Zeebe 8.6's messages show it. */
export function scalaVal(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return scalaNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(scalaVal).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${k}: ${scalaVal(v)}`).join(', ')}}`;
}

/** A decision table row (output name → value) as Scala prints a `Map[String, Val]`. */
export function scalaMap(entries: ReadonlyArray<readonly [string | undefined, JsonValue]>): string {
  return `Map(${entries.map(([name, value]) => `${name ?? 'null'} -> ${scalaVal(value)}`).join(', ')})`;
}

export function scalaList(items: readonly string[]): string {
  return `List(${items.join(', ')})`;
}

/** java.math.BigDecimal#toString for the numbers JSON can hold (`1E+21`, not `1e+21`). */
export function scalaNumber(value: number): string {
  return String(value).replace('e', 'E');
}
