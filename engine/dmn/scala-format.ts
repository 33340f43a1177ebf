/**
 * dmn-scala puts FEEL-Scala values into its failure messages with Scala's `toString`
 * (`List(Map(approver -> ValString(CFO)))`), and Zeebe passes those messages on into
 * incidents unchanged. Baton's values are JSON, so this renders JSON in the same style: close
 * enough that the messages read alike, not a promise of byte-identical text for every value
 * (dates are JSON strings here, so they render as ValString).
 */
import type { JsonValue } from '../feel/expression.ts';

/** A FEEL-Scala `Val` as Scala prints it. */
export function scalaVal(value: JsonValue): string {
  if (value === null) return 'ValNull';
  if (typeof value === 'boolean') return `ValBoolean(${value})`;
  if (typeof value === 'number') return `ValNumber(${scalaNumber(value)})`;
  if (typeof value === 'string') return `ValString(${value})`;
  if (Array.isArray(value)) return `ValList(List(${value.map(scalaVal).join(', ')}))`;
  return `ValContext(StaticContext(${scalaMap(Object.entries(value))},Map()))`;
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
