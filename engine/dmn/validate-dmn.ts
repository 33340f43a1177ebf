/**
 * Deploy-time checks over the extracted decisions: every FEEL text compiles (through the
 * FEEL layer, which also warms its cache for the first evaluation), every required decision
 * exists, and the requirements form no cycle. Messages follow dmn-scala's DmnParser.
 */
import { evaluateFeel, evaluateUnaryTest } from '../feel/expression.ts';
import type { Problems } from '../model/problems.ts';
import type { Decision, DecisionTable } from './types.ts';

export function validateDecisions(decisions: ReadonlyMap<string, Decision>, declaredIds: ReadonlySet<string>, problems: Problems): void {
  for (const decision of decisions.values()) {
    const report = (message: string) => problems.add(decision.id, message);
    for (const required of decision.requiredDecisions) {
      if (!declaredIds.has(required)) report(`Expected the required decision '${required}' to be a decision of this DRG, but found none with this id`);
    }
    if (decision.logic.type === 'LITERAL_EXPRESSION') checkExpression(decision.logic.expression, 'literal expression', report);
    else checkTable(decision.logic, report);
  }
  for (const cycle of findCycles(decisions)) {
    problems.add(cycle[0], `Invalid DMN model: Cyclic dependencies between decisions detected (${cycle.join(' -> ')})`);
  }
}

function checkTable(table: DecisionTable, report: (message: string) => void): void {
  for (const input of table.inputs) checkExpression(input.expression, `input expression of input '${input.id}'`, report);
  for (const output of table.outputs) {
    if (output.defaultOutput !== undefined) checkExpression(output.defaultOutput, `default output entry of output '${output.id}'`, report);
  }
  for (const rule of table.rules) {
    const where = rule.id ? `rule '${rule.id}'` : `rule ${rule.index}`;
    for (const entry of rule.inputEntries) checkUnaryTests(entry, `an input entry of ${where}`, report);
    for (const entry of rule.outputEntries) checkExpression(entry, `an output entry of ${where}`, report);
  }
}

const NO_VARIABLES = (): undefined => undefined;

/**
 * The FEEL layer has no compile-only entry point, so this evaluates with every variable
 * absent: a syntax error is reported as one, anything else (a null operand, a missing
 * function argument) is a matter of the variables at run time and not a deploy problem.
 */
const SYNTAX_ERROR = /^failed to parse expression/;

function checkExpression(source: string, where: string, report: (message: string) => void): void {
  if (source === '') return; // already reported as an empty expression
  const result = evaluateFeel(source, NO_VARIABLES);
  if (!result.ok && SYNTAX_ERROR.test(result.message)) report(`FEEL expression: ${result.message} (${where})`);
}

function checkUnaryTests(test: string, where: string, report: (message: string) => void): void {
  const result = evaluateUnaryTest(test, null, NO_VARIABLES);
  if (!result.ok && SYNTAX_ERROR.test(result.message)) report(`FEEL unary-tests: ${result.message} (${where})`);
}

/**
 * Each cycle once, as the path that closes it (`a -> b -> a`). Depth-first with the usual
 * three colours; requirements on unknown ids are reported elsewhere and skipped here.
 */
function findCycles(decisions: ReadonlyMap<string, Decision>): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string): void => {
    state.set(id, 'active');
    path.push(id);
    for (const required of decisions.get(id)?.requiredDecisions ?? []) {
      if (!decisions.has(required)) continue;
      const seen = state.get(required);
      if (seen === 'active') cycles.push([...path.slice(path.indexOf(required)), required]);
      else if (seen === undefined) visit(required);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const id of decisions.keys()) if (!state.has(id)) visit(id);
  return cycles;
}
