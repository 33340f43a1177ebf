/**
 * Evaluates a decision of a deployed DRG with Zeebe's semantics (dmn-scala's
 * DecisionEvaluator inside Zeebe's DmnScalaDecisionEngine):
 *
 * - Required decisions are evaluated first, depth first in document order, each with the
 *   caller's variables only. A decision's result is visible to the decisions requiring it
 *   under its result name (its `<variable name>`, else its id) and shadows a variable of
 *   the same name. A decision required twice is evaluated twice.
 * - A result is checked against the decision's `<variable typeRef>` when one is set.
 * - A failure names the requested decision, as Zeebe does ("Expected to evaluate decision
 *   'x', but …"), while failedDecisionId is the decision that actually failed: the last one
 *   evaluated.
 *
 * Pure: no I/O, no clock; the caller writes the DECISION_EVALUATION record.
 */
import { evaluateFeel, type FeelResultType, type JsonValue, type VariableLookup } from '../feel/expression.ts';
import { evaluateTable } from './decision-table.ts';
import { scalaVal } from './scala-format.ts';
import type { Decision, DecisionRequirements, DecisionResult, EvaluatedDecision } from './types.ts';

type Outcome = { ok: true; value: JsonValue } | { ok: false; message: string };

export function evaluateDecision(
  drg: DecisionRequirements,
  decisionId: string,
  variables: Readonly<Record<string, unknown>> | VariableLookup,
): DecisionResult {
  const decision = drg.decisions.get(decisionId);
  if (!decision) {
    const message = `Expected to evaluate decision '${decisionId}', but no decision found with id '${decisionId}'`;
    return { ok: false, failedDecisionId: decisionId, message, evaluatedDecisions: [] };
  }
  const lookup: VariableLookup =
    typeof variables === 'function' ? variables : (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined);
  const evaluated: EvaluatedDecision[] = [];
  let outcome: Outcome;
  try {
    outcome = evaluateWithRequirements(drg, decision, lookup, evaluated);
  } catch (error) {
    // A very deep chain of required decisions: fail this evaluation, like Zeebe does for
    // its StackOverflowError, instead of taking the engine down.
    if (!(error instanceof RangeError)) throw error;
    outcome = { ok: false, message: 'the evaluation failed with a stack overflow (the chain of required decisions is too deep)' };
  }
  if (!outcome.ok) {
    const failedDecisionId = evaluated.at(-1)?.decisionId ?? decisionId;
    const message = `Expected to evaluate decision '${decisionId}', but ${outcome.message}`;
    return { ok: false, failedDecisionId, message, evaluatedDecisions: evaluated };
  }
  return { ok: true, decisionOutput: outcome.value, evaluatedDecisions: evaluated };
}

function evaluateWithRequirements(
  drg: DecisionRequirements,
  decision: Decision,
  variables: VariableLookup,
  evaluated: EvaluatedDecision[],
): Outcome {
  const results = new Map<string, JsonValue>();
  for (const requiredId of decision.requiredDecisions) {
    const required = drg.decisions.get(requiredId);
    // parseDmn guarantees required decisions exist; a hand-built DRG may not.
    if (!required) return { ok: false, message: `no decision found with id '${requiredId}'` };
    const outcome = evaluateWithRequirements(drg, required, variables, evaluated);
    if (!outcome.ok) return outcome;
    results.set(required.resultName, outcome.value);
  }
  const lookup: VariableLookup = results.size === 0 ? variables : (name) => (results.has(name) ? results.get(name) : variables(name));
  return evaluateLogic(decision, lookup, evaluated);
}

/** Evaluates the decision's own logic and records it in `evaluated`, failed or not. */
function evaluateLogic(decision: Decision, lookup: VariableLookup, evaluated: EvaluatedDecision[]): Outcome {
  const entry: EvaluatedDecision = {
    decisionId: decision.id,
    decisionName: decision.name,
    decisionType: decision.logic.type,
    decisionOutput: null,
    evaluatedInputs: [],
    matchedRules: [],
  };
  evaluated.push(entry);
  let outcome: Outcome;
  let feelType: FeelResultType | undefined;
  if (decision.logic.type === 'LITERAL_EXPRESSION') {
    const result = evaluateFeel(decision.logic.expression, lookup);
    outcome = result.ok ? { ok: true, value: result.value } : result;
    feelType = result.ok ? result.type : undefined;
  } else {
    const table = evaluateTable(decision.logic, lookup);
    entry.evaluatedInputs = table.evaluatedInputs;
    entry.matchedRules = table.matchedRules;
    outcome = table.result;
  }
  if (!outcome.ok) return outcome;
  // dmn-scala audits the result before its type check, so a mistyped result is still recorded.
  entry.decisionOutput = outcome.value;
  return checkResultType(decision.resultType, outcome.value, feelType);
}

/**
 * dmn-scala's TypeChecker.isOfType: null always passes, unknown type names are ignored. A
 * literal expression's FEEL type tells dates and durations from strings; a table's JSON
 * result does not, so there only string/number/boolean are checked.
 */
const EXPECTED_FEEL_TYPES: Readonly<Record<string, readonly FeelResultType[]>> = {
  string: ['STRING'],
  number: ['NUMBER'],
  boolean: ['BOOLEAN'],
  date: ['DATE'],
  dateTime: ['DATE_TIME'],
  dayTimeDuration: ['DURATION'],
  yearMonthDuration: ['PERIOD'],
};

function checkResultType(typeRef: string | undefined, value: JsonValue, feelType: FeelResultType | undefined): Outcome {
  const type = typeRef?.replace('feel:', '');
  const expected = type === undefined ? undefined : EXPECTED_FEEL_TYPES[type];
  if (!type || !expected || value === null) return { ok: true, value };
  const matches = feelType !== undefined ? expected.includes(feelType) : jsonMatches(type, value);
  return matches ? { ok: true, value } : { ok: false, message: `expected '${type}' but found '${scalaVal(value)}'` };
}

function jsonMatches(type: string, value: JsonValue): boolean {
  if (type === 'string' || type === 'number' || type === 'boolean') return typeof value === type;
  return true; // a temporal value is a JSON string here: nothing to tell it by
}
