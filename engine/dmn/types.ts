/**
 * The executable DMN model and the shape of an evaluation, extracted once at deploy time so
 * that no moddle object is touched while decisions are evaluated. Names follow Zeebe's
 * DECISION_EVALUATION record (EvaluatedDecisionRecord, MatchedRuleRecord, …).
 */
import type { JsonValue } from '../feel/expression.ts';
import { DeploymentRejected, type ModelProblem } from '../model/types.ts';

/** DMN 1.3 hit policies, spelled as in the XML (`hitPolicy="RULE ORDER"`). */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** COLLECT aggregations (`aggregation="SUM"`). */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** Zeebe's DecisionType names for the decision kinds Baton evaluates. */
export type DecisionType = 'DECISION_TABLE' | 'LITERAL_EXPRESSION';

export interface DecisionTableInput {
  id: string;
  /** The column label; Zeebe's inputName falls back to the expression text. */
  label?: string;
  /** FEEL expression source. */
  expression: string;
}

export interface DecisionTableOutput {
  id: string;
  /** The key in a multi-output result; required when the table has several outputs. */
  name?: string;
  label?: string;
  /**
   * The `outputValues` list as dmn-scala reads it for PRIORITY / OUTPUT ORDER: the text
   * split at commas, trimmed, quotes removed. Empty when the output declares none.
   */
  priorities: string[];
  /** FEEL source of `defaultOutputEntry`: the output's value when no rule matches. */
  defaultOutput?: string;
}

export interface DecisionRule {
  /** '' when the rule has no id (Zeebe then synthesizes one when it writes the record). */
  id: string;
  /** 1-based position in the table, Zeebe's ruleIndex. */
  index: number;
  /** Unary tests, one per input; '' and '-' match anything. */
  inputEntries: string[];
  /** FEEL sources, one per output (never empty: parseDmn rejects empty output entries). */
  outputEntries: string[];
}

export interface DecisionTable {
  type: 'DECISION_TABLE';
  hitPolicy: HitPolicy;
  /** Only consulted with COLLECT, like dmn-scala. */
  aggregation?: Aggregation;
  inputs: DecisionTableInput[];
  outputs: DecisionTableOutput[];
  rules: DecisionRule[];
}

export interface LiteralExpressionLogic {
  type: 'LITERAL_EXPRESSION';
  /** FEEL source. */
  expression: string;
}

export interface Decision {
  id: string;
  /** '' when the decision has no name. */
  name: string;
  /** Ids of the decisions whose results this one reads, in document order. */
  requiredDecisions: string[];
  /**
   * The variable a dependent decision reads this decision's result from: the name of its
   * `<variable>`, else its id (dmn-scala's ParsedDecision.resultName).
   */
  resultName: string;
  /** `<variable typeRef>`: dmn-scala checks the result against it (string, number, …). */
  resultType?: string;
  /** `zeebe:versionTag` extension, for binding type `versionTag`. */
  versionTag?: string;
  logic: DecisionTable | LiteralExpressionLogic;
}

/** A deployed DMN resource: Zeebe's decision requirements graph (DRG). */
export interface DecisionRequirements {
  /** The definitions id: Zeebe's decisionRequirementsId. */
  id: string;
  /** '' when the definitions have no name. */
  name: string;
  namespace: string;
  resourceName: string;
  /** In document order. */
  decisions: Map<string, Decision>;
}

// ---------------------------------------------------------------------------
// Evaluation results (DECISION_EVALUATION record values)
// ---------------------------------------------------------------------------

export interface EvaluatedInput {
  inputId: string;
  inputName: string;
  inputValue: JsonValue;
}

export interface EvaluatedOutput {
  outputId: string;
  outputName: string;
  outputValue: JsonValue;
}

export interface MatchedRule {
  ruleId: string;
  ruleIndex: number;
  evaluatedOutputs: EvaluatedOutput[];
}

export interface EvaluatedDecision {
  decisionId: string;
  decisionName: string;
  decisionType: DecisionType;
  /** null for the decision that failed. */
  decisionOutput: JsonValue;
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
}

/**
 * `evaluatedDecisions` lists every decision in the order it was evaluated: required
 * decisions first, the requested one last. A decision required twice is evaluated (and
 * listed) twice, like dmn-scala. On failure the failed decision is the last entry.
 */
export type DecisionResult =
  | { ok: true; decisionOutput: JsonValue; evaluatedDecisions: EvaluatedDecision[] }
  | { ok: false; failedDecisionId: string; message: string; evaluatedDecisions: EvaluatedDecision[] };

/**
 * A DMN resource Baton will not deploy. It is a DeploymentRejected, so the deploy command
 * reports it exactly like a rejected BPMN resource.
 */
export class DmnRejected extends DeploymentRejected {
  override name = 'DmnRejected';
  constructor(resourceName: string, problems: ModelProblem[]) {
    super(resourceName, problems);
  }
}
