/**
 * Evaluates one decision table the way dmn-scala's DecisionTableEvaluator does: input
 * expressions first, then every rule's input entries as unary tests against the input
 * values, then the output entries of the matched rules, and finally the hit policy. The
 * audit (evaluated inputs, matched rules) is filled as far as evaluation got, because
 * Zeebe records it for failed evaluations too.
 */
import { evaluateFeel, evaluateUnaryTest, type JsonValue, type VariableLookup } from '../feel/expression.ts';
import { applyHitPolicy, rowValue, type Row } from './hit-policies.ts';
import type { DecisionRule, DecisionTable, EvaluatedInput, MatchedRule } from './types.ts';

export interface TableEvaluation {
  result: { ok: true; value: JsonValue } | { ok: false; message: string };
  /** Empty when an input expression failed (dmn-scala audits no partial inputs). */
  evaluatedInputs: EvaluatedInput[];
  /** Set once the matched rules' outputs are known, also when the hit policy then fails. */
  matchedRules: MatchedRule[];
}

/** Zeebe's EvaluatedDmnScalaInput: an input without label is named by its expression, cut at 30 characters. */
const MAX_EXPRESSION_NAME = 30;

export function evaluateTable(table: DecisionTable, lookup: VariableLookup): TableEvaluation {
  const inputValues: JsonValue[] = [];
  for (const input of table.inputs) {
    const result = evaluateFeel(input.expression, lookup);
    if (!result.ok) return failed(result.message, [], []);
    inputValues.push(result.value);
  }
  const evaluatedInputs = table.inputs.map((input, i) => ({
    inputId: input.id,
    inputName: input.label ?? input.expression.slice(0, MAX_EXPRESSION_NAME),
    inputValue: inputValues[i],
  }));

  // Every rule is checked, also under FIRST: a failing entry in a later rule fails the
  // evaluation in dmn-scala too.
  const matched: DecisionRule[] = [];
  for (const rule of table.rules) {
    const result = ruleMatches(rule, inputValues, lookup);
    if (!result.ok) return failed(result.message, evaluatedInputs, []);
    if (result.value) matched.push(rule);
  }
  // FIRST: only the first match is evaluated and audited.
  if (table.hitPolicy === 'FIRST') matched.splice(1);
  if (matched.length === 0) {
    return { result: defaultOutputs(table, lookup), evaluatedInputs, matchedRules: [] };
  }

  const rows: Row[] = [];
  for (const rule of matched) {
    const row = ruleOutputs(rule, lookup);
    if (!row.ok) return failed(row.message, evaluatedInputs, []);
    rows.push(row.value);
  }
  const matchedRules = matched.map((rule, r) => ({
    ruleId: rule.id,
    ruleIndex: rule.index,
    evaluatedOutputs: table.outputs.map((output, i) => ({
      outputId: output.id,
      // Zeebe: "Just like the Modeler, we favor the label over the name".
      outputName: output.label ?? output.name ?? '',
      outputValue: rows[r][i],
    })),
  }));
  return { result: applyHitPolicy(table, rows), evaluatedInputs, matchedRules };
}

function failed(message: string, evaluatedInputs: EvaluatedInput[], matchedRules: MatchedRule[]): TableEvaluation {
  return { result: { ok: false, message }, evaluatedInputs, matchedRules };
}

/** All entries must hold; the first that does not ends the rule (so later ones may stay unevaluated). */
function ruleMatches(rule: DecisionRule, inputValues: readonly JsonValue[], lookup: VariableLookup): { ok: true; value: boolean } | { ok: false; message: string } {
  for (let i = 0; i < rule.inputEntries.length; i++) {
    const result = evaluateUnaryTest(rule.inputEntries[i], inputValues[i], lookup);
    if (!result.ok || !result.value) return result;
  }
  return { ok: true, value: true };
}

function ruleOutputs(rule: DecisionRule, lookup: VariableLookup): { ok: true; value: Row } | { ok: false; message: string } {
  const row: JsonValue[] = [];
  for (const entry of rule.outputEntries) {
    const result = evaluateFeel(entry, lookup);
    if (!result.ok) return result;
    row.push(result.value);
  }
  return { ok: true, value: row };
}

/**
 * No rule matched: the outputs that declare a default output entry give their defaults.
 * None → null, one → its value, several → a context of those (dmn-scala's
 * applyDefaultOutputEntries, whatever the hit policy).
 */
function defaultOutputs(table: DecisionTable, lookup: VariableLookup): TableEvaluation['result'] {
  const withDefault = table.outputs.filter((output) => output.defaultOutput !== undefined);
  const row: JsonValue[] = [];
  for (const output of withDefault) {
    const result = evaluateFeel(output.defaultOutput ?? 'null', lookup);
    if (!result.ok) return result;
    row.push(result.value);
  }
  return { ok: true, value: row.length === 0 ? null : rowValue(withDefault, row) };
}
