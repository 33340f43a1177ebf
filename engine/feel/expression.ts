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

export { parseModelExpression, type Expression, type VariableLookup, type JsonValue, type FeelResultType, type FeelWarning, type FeelResult, type TypedResult, type CacheStats, type FeelCacheStats } from './types.ts';
export { evaluateFeel, evaluateAny, evaluateBoolean, evaluateString, evaluateNumber, evaluateList } from './evaluate.ts';
export { evaluateUnaryTest } from './unary-tests.ts';
export { feelCacheStats, clearFeelCache } from './cache-stats.ts';
