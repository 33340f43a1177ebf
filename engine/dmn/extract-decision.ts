/**
 * Copies one `<decision>` out of the moddle tree into a plain `Decision`, reporting what
 * cannot run: missing ids and texts, foreign expression languages, unknown hit policies,
 * rules whose entries do not line up with the columns, and the DMN constructs Baton does
 * not evaluate (contexts, invocations, relations, lists, business knowledge models,
 * imports). FEEL syntax and the graph are checked afterwards, in validate-dmn.ts.
 */
import { extensions, idOf, list, localName, ref, str, type ModdleElement } from '../model/moddle.ts';
import type { Problems } from '../model/problems.ts';
import type {
  Aggregation,
  Decision,
  DecisionRule,
  DecisionTable,
  DecisionTableInput,
  DecisionTableOutput,
  HitPolicy,
  LiteralExpressionLogic,
} from './types.ts';

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

/** dmn-scala's DmnParser.feelNameSpaces (lower-cased): FEEL of DMN 1.1 to 1.5. */
const FEEL_LANGUAGES = new Set([
  'feel',
  'http://www.omg.org/spec/feel/20140401',
  'http://www.omg.org/spec/dmn/20180521/feel/',
  'https://www.omg.org/spec/dmn/20191111/feel/',
  'https://www.omg.org/spec/dmn/20211108/feel/',
  'https://www.omg.org/spec/dmn/20230324/feel/',
]);

/** Reports against the decision (the id a modeler searches for) and names the inner element. */
type Report = (message: string) => void;

export function extractDecision(element: ModdleElement, problems: Problems): Decision | undefined {
  const id = idOf(element);
  if (!id) {
    problems.add(undefined, `Expected every decision to have an 'id', but '${str(element, 'name') ?? '(unnamed)'}' has none`);
    return undefined;
  }
  const report: Report = (message) => problems.add(id, message);
  if (list(element, 'knowledgeRequirement').length > 0) {
    report('Expected no knowledge requirements, but found one (business knowledge models are not supported)');
  }
  // Without runnable logic the decision is reported and left out; parseDmn still knows its id.
  const logic = extractLogic(ref(element, 'decisionLogic'), report);
  if (!logic) return undefined;
  const variable = ref(element, 'variable');
  const versionTag = extensions(element, 'zeebe:versionTag')[0];
  return {
    id,
    name: str(element, 'name') ?? '',
    requiredDecisions: requiredDecisionIds(element, report),
    resultName: (variable && str(variable, 'name')) || id,
    resultType: (variable && str(variable, 'typeRef')) || undefined,
    versionTag: versionTag && str(versionTag, 'value'),
    logic,
  };
}

function extractLogic(logic: ModdleElement | undefined, report: Report): DecisionTable | LiteralExpressionLogic | undefined {
  if (logic?.$type === 'dmn:DecisionTable') return extractTable(logic, report);
  if (logic?.$type === 'dmn:LiteralExpression') {
    const expression = feelText(logic, 'literal expression', report);
    return expression === undefined ? undefined : { type: 'LITERAL_EXPRESSION', expression };
  }
  const found = logic ? `'${localName(logic.$type)}'` : 'none';
  report(`Expected the decision logic to be a decision table or a literal expression, but found ${found}`);
  return undefined;
}

/** `<requiredDecision href="#id">`; an href with a namespace before `#` points into an import. */
function requiredDecisionIds(decision: ModdleElement, report: Report): string[] {
  const ids: string[] = [];
  for (const requirement of list(decision, 'informationRequirement')) {
    const required = ref(requirement, 'requiredDecision');
    const href = required && str(required, 'href');
    if (href === undefined) continue; // a required input: its value comes from the variables
    const hash = href.indexOf('#');
    if (hash > 0) report(`No import found for namespace '${href.slice(0, hash)}' (required decision '${href}')`);
    else ids.push(href.slice(hash + 1));
  }
  return ids;
}

/**
 * Problems are reported, and the table is still returned with what could be read: the
 * resource is rejected anyway, and the remaining checks can still run on it.
 */
function extractTable(table: ModdleElement, report: Report): DecisionTable {
  const hitPolicy = oneOf(str(table, 'hitPolicy') ?? 'UNIQUE', HIT_POLICIES, 'hit policy', report) ?? 'UNIQUE';
  const rawAggregation = str(table, 'aggregation');
  const aggregation = rawAggregation === undefined ? undefined : oneOf(rawAggregation, AGGREGATIONS, 'aggregation', report);
  const inputElements = list(table, 'input');
  const outputElements = list(table, 'output');
  if (outputElements.length === 0) report(`Expected the decision table '${idOf(table) ?? ''}' to have at least one output, but found none`);
  const inputs = inputElements.flatMap((input) => extractInput(input, report));
  const outputs = outputElements.flatMap((output) => extractOutput(output, report));
  if (outputElements.length > 1) {
    // dmn-scala's checks: several outputs make a context, keyed by the output names.
    for (const output of outputs) {
      if (!output.name) report(`no output name defined for \`${output.label ?? output.id}\``);
    }
    if (hitPolicy === 'COLLECT' && aggregation) report("hit policy 'COLLECT' with aggregator is not defined for compound output");
  }
  const columns = { inputs: inputElements.length, outputs: outputElements.length };
  const rules = list(table, 'rule').map((rule, i) => extractRule(rule, i + 1, columns, report));
  return { type: 'DECISION_TABLE', hitPolicy, aggregation, inputs, outputs, rules };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string, report: Report): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  report(`Expected the ${what} to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, but found '${value}'`);
  return undefined;
}

function extractInput(input: ModdleElement, report: Report): DecisionTableInput[] {
  const id = idOf(input);
  const label = str(input, 'label');
  const shown = id ?? label ?? '(unlabelled)';
  if (!id) report(`Expected every input to have an 'id', but input '${shown}' has none`);
  const expressionElement = ref(input, 'inputExpression');
  if (!expressionElement) report(`Expected the input '${shown}' to have an input expression`);
  const expression = expressionElement && feelText(expressionElement, `input expression of input '${shown}'`, report);
  return id && expression !== undefined ? [{ id, label, expression }] : [];
}

function extractOutput(output: ModdleElement, report: Report): DecisionTableOutput[] {
  const id = idOf(output);
  const name = str(output, 'name');
  const label = str(output, 'label');
  if (!id) report(`Expected every output to have an 'id', but output '${name ?? label ?? '(unnamed)'}' has none`);
  const values = ref(output, 'outputValues');
  const defaultEntry = ref(output, 'defaultOutputEntry');
  const defaultOutput = defaultEntry ? feelText(defaultEntry, `default output entry of output '${id ?? name}'`, report) : undefined;
  return id ? [{ id, name, label, priorities: priorities(values && str(values, 'text')), defaultOutput }] : [];
}

/** dmn-scala's sortByPriority reading of `outputValues`: split at commas, quotes dropped. */
function priorities(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((value) => value.trim().replace(/["']/g, ''));
}

function extractRule(rule: ModdleElement, index: number, columns: { inputs: number; outputs: number }, report: Report): DecisionRule {
  const id = idOf(rule) ?? '';
  const where = id ? `rule '${id}'` : `rule ${index}`;
  const inputEntries = list(rule, 'inputEntry').map((entry) => {
    checkLanguage(entry, `an input entry of ${where}`, report);
    return (str(entry, 'text') ?? '').trim(); // no text: nothing to test, like '-'
  });
  const outputEntries = list(rule, 'outputEntry').map((entry) => feelText(entry, `an output entry of ${where}`, report) ?? '');
  // dmn-scala zips entries with columns and silently drops the surplus; Zeebe then fails
  // at run time. A table that does not line up is a modelling error worth saying at deploy.
  if (inputEntries.length !== columns.inputs) {
    report(`Expected ${where} to have ${columns.inputs} input entries (one per input), but found ${inputEntries.length}`);
  }
  if (outputEntries.length !== columns.outputs) {
    report(`Expected ${where} to have ${columns.outputs} output entries (one per output), but found ${outputEntries.length}`);
  }
  return { id, index, inputEntries, outputEntries };
}

/**
 * The FEEL text of a literal expression, trimmed as Camunda's model API does. Empty text is
 * dmn-scala's "must not be empty" failure (FEEL-Scala cannot parse an empty expression).
 */
function feelText(element: ModdleElement, what: string, report: Report): string | undefined {
  if (!checkLanguage(element, what, report)) return undefined;
  const text = (str(element, 'text') ?? '').trim();
  if (text !== '') return text;
  report(`The expression '${idOf(element) ?? what}' must not be empty (${what})`);
  return undefined;
}

function checkLanguage(element: ModdleElement, what: string, report: Report): boolean {
  const language = str(element, 'expressionLanguage')?.toLowerCase() ?? 'feel';
  if (FEEL_LANGUAGES.has(language)) return true;
  report(`Expression language '${language}' is not supported (${what})`);
  return false;
}
