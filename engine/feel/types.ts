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
