import { describe, expect, it } from 'vitest';
import { DmnRejected, evaluateDecision, parseDmn, type DecisionResult } from '../engine/dmn/index.ts';
import { DeploymentRejected, type ModelProblem } from '../engine/model/types.ts';

/** A DMN 1.3 document around `body` (its decisions and other DRG elements). */
function dmn(body: string, definitionsId = 'defs'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${definitionsId}" name="Test" namespace="http://camunda.org/schema/1.0/dmn">
${body}
</definitions>`;
}

interface TableSpec {
  hitPolicy?: string;
  aggregation?: string;
  inputs?: string[];
  outputs?: string[];
  rules: Array<[inputs: string[], outputs: string[]]>;
  extra?: string;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A decision with a table; inputs are FEEL expressions, outputs output names. */
function tableDecision(id: string, spec: TableSpec): string {
  const { inputs = ['x'], outputs = ['out'], rules } = spec;
  const attributes = `${spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : ''}${spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''}`;
  return `<decision id="${id}" name="${id}">${spec.extra ?? ''}
  <decisionTable id="${id}-table"${attributes}>
    ${inputs.map((expression, i) => `<input id="${id}-in${i}"><inputExpression id="${id}-in${i}-expr"><text>${escape(expression)}</text></inputExpression></input>`).join('')}
    ${outputs.map((name, i) => `<output id="${id}-out${i}" name="${name}" />`).join('')}
    ${rules
      .map(
        ([ins, outs], r) =>
          `<rule id="${id}-r${r + 1}">${ins.map((text, i) => `<inputEntry id="${id}-r${r + 1}-in${i}"><text>${escape(text)}</text></inputEntry>`).join('')}${outs
            .map((text, i) => `<outputEntry id="${id}-r${r + 1}-out${i}"><text>${escape(text)}</text></outputEntry>`)
            .join('')}</rule>`,
      )
      .join('')}
  </decisionTable>
</decision>`;
}

function literalDecision(id: string, expression: string, extra = ''): string {
  return `<decision id="${id}" name="${id}">${extra}<literalExpression id="${id}-expr"><text>${escape(expression)}</text></literalExpression></decision>`;
}

const requires = (...ids: string[]) => ids.map((id) => `<informationRequirement><requiredDecision href="#${id}" /></informationRequirement>`).join('');

function failure(result: DecisionResult): Extract<DecisionResult, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.decisionOutput)}`);
  return result;
}

async function rejection(xml: string): Promise<DmnRejected> {
  try {
    await parseDmn(xml, 'test.dmn');
  } catch (error) {
    if (error instanceof DmnRejected) return error;
    throw error;
  }
  throw new Error('expected the DMN to be rejected');
}

const problemsOf = async (xml: string): Promise<ModelProblem[]> => (await rejection(xml)).problems;

describe('evaluation failures', () => {
  it('bad FEEL at evaluation time fails with the FEEL message', async () => {
    const drg = await parseDmn(dmn(tableDecision('d', { rules: [[['[1..limit]'], ['"in"']]] })), 'test.dmn');
    const failed = failure(evaluateDecision(drg, 'd', { x: 1, limit: 'many' }));
    expect(failed.message).toBe("Expected to evaluate decision 'd', but failed to evaluate expression '[1..limit]': unsupported range: 1..many");
    expect(failed.failedDecisionId).toBe('d');
    // The inputs were evaluated before the rules failed; no rule got as far as matching.
    expect(failed.evaluatedDecisions).toEqual([
      { decisionId: 'd', decisionName: 'd', decisionType: 'DECISION_TABLE', decisionOutput: null, evaluatedInputs: [{ inputId: 'd-in0', inputName: 'x', inputValue: 1 }], matchedRules: [] },
    ]);
  });

  it('a failing required decision is the failed decision; the message names the requested one', async () => {
    const xml = dmn(literalDecision('top', 'inner + 1', requires('inner')) + literalDecision('inner', 'function(a) a'));
    const failed = failure(evaluateDecision(await parseDmn(xml, 'test.dmn'), 'top', {}));
    expect(failed.failedDecisionId).toBe('inner');
    expect(failed.message).toBe(
      "Expected to evaluate decision 'top', but failed to evaluate expression 'function(a) a': expected a JSON-compatible result but found a function",
    );
    expect(failed.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['inner']);
  });

  it('a result of the wrong type for the decision variable fails, after being recorded', async () => {
    const xml = dmn(literalDecision('d', 'amount * 2', '<variable name="d" typeRef="string" />'));
    const failed = failure(evaluateDecision(await parseDmn(xml, 'test.dmn'), 'd', { amount: 2 }));
    expect(failed.message).toBe("Expected to evaluate decision 'd', but expected 'string' but found '4'");
    expect(failed.evaluatedDecisions[0]?.decisionOutput).toBe(4);
  });

  it('an unknown decision id', async () => {
    const drg = await parseDmn(dmn(literalDecision('d', '1')), 'test.dmn');
    expect(failure(evaluateDecision(drg, 'nope', {}))).toEqual({
      ok: false,
      failedDecisionId: 'nope',
      message: "Expected to evaluate decision 'nope', but no decision found with id 'nope'",
      evaluatedDecisions: [],
    });
  });

  it('missing variables are null, not failures (FEEL-Scala 1.17+)', async () => {
    const drg = await parseDmn(dmn(tableDecision('d', { rules: [[['null'], ['"none"']]] })), 'test.dmn');
    const result = evaluateDecision(drg, 'd', {});
    expect(result).toMatchObject({ ok: true, decisionOutput: 'none' });
  });

  it('takes variables through a lookup as well as from an object', async () => {
    const drg = await parseDmn(dmn(literalDecision('d', 'a + b')), 'test.dmn');
    const scopes = new Map<string, unknown>([['a', 1], ['b', 2]]);
    expect(evaluateDecision(drg, 'd', (name) => scopes.get(name))).toMatchObject({ ok: true, decisionOutput: 3 });
  });
});

describe('deploy rejections', () => {
  it('is a DeploymentRejected in Zeebe layout, naming resource, decision and problem', async () => {
    const error = await rejection(dmn(tableDecision('d', { rules: [[['>>'], ['1']]] })));
    expect(error).toBeInstanceOf(DeploymentRejected);
    expect(error.message).toMatch(/^Expected to deploy new resources, but encountered the following errors:\n/);
    expect(error.message).toContain(
      "'test.dmn': - Element: d\n    - ERROR: " +
        "FEEL unary-tests: failed to parse expression '>>': Incomplete <SimplePositiveUnaryTest> at position 2 (an input entry of rule 'd-r1')",
    );
  });

  it('unparsable XML and documents that are not DMN 1.3', async () => {
    expect((await problemsOf('<definitions'))[0]?.message).toMatch(/^Failed to parse DMN XML: /);
    const dmn11 = '<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd" id="d" name="n" namespace="x" />';
    expect((await problemsOf(dmn11))[0]?.message).toMatch(/^Failed to parse DMN XML: /);
  });

  it('no decisions', async () => {
    expect(await problemsOf(dmn('<inputData id="i" name="i" />'))).toEqual([{ message: 'Expected the DMN resource to contain at least one decision, but found none' }]);
  });

  it('duplicate ids and unknown elements (moddle warnings)', async () => {
    const problems = await problemsOf(dmn(literalDecision('d', '1') + literalDecision('d', '2') + '<decision id="e"><bogus /></decision>'));
    expect(problems).toContainEqual({ elementId: 'd', message: "Expected ids to be unique, but found the id 'd' twice" });
    expect(problems.some((p) => /unknown type <dmn:Bogus>/.test(p.message))).toBe(true);
  });

  it('decision tables without outputs, entries that do not line up, unnamed compound outputs', async () => {
    const problems = await problemsOf(
      dmn(
        tableDecision('none', { outputs: [], rules: [] }) +
          tableDecision('short', { inputs: ['a', 'b'], rules: [[['1'], ['2']]] }) +
          tableDecision('unnamed', { outputs: ['a', ''], rules: [] }).replace('name=""', ''),
      ),
    );
    expect(problems).toEqual([
      { elementId: 'none', message: "Expected the decision table 'none-table' to have at least one output, but found none" },
      { elementId: 'short', message: "Expected rule 'short-r1' to have 2 input entries (one per input), but found 1" },
      { elementId: 'unnamed', message: 'no output name defined for `unnamed-out1`' },
    ]);
  });

  it('unparsable FEEL in input expressions, output entries and literal expressions', async () => {
    const problems = await problemsOf(
      dmn(tableDecision('t', { inputs: ['x +'], rules: [[['-'], ['"a" +']]] }) + literalDecision('l', 'if then')),
    );
    expect(problems.map((p) => [p.elementId, p.message.replace(/: .*\(/, ': … (')])).toEqual([
      ['t', "FEEL expression: … (input expression of input 't-in0')"],
      ['t', "FEEL expression: … (an output entry of rule 't-r1')"],
      ['l', 'FEEL expression: … (literal expression)'],
    ]);
  });

  it('empty expressions and foreign expression languages', async () => {
    const problems = await problemsOf(
      dmn(
        literalDecision('empty', ' ') +
          literalDecision('juel', '1').replace('<literalExpression', '<literalExpression expressionLanguage="juel"') +
          tableDecision('cell', { rules: [[['-'], ['']]] }),
      ),
    );
    expect(problems).toEqual([
      { elementId: 'empty', message: "The expression 'empty-expr' must not be empty (literal expression)" },
      { elementId: 'juel', message: "Expression language 'juel' is not supported (literal expression)" },
      { elementId: 'cell', message: "The expression 'cell-r1-out0' must not be empty (an output entry of rule 'cell-r1')" },
    ]);
  });

  it('unknown hit policies and aggregations; an aggregation over several outputs', async () => {
    const problems = await problemsOf(
      dmn(
        tableDecision('a', { hitPolicy: 'LAST', rules: [] }) +
          tableDecision('b', { hitPolicy: 'COLLECT', aggregation: 'AVG', rules: [] }) +
          tableDecision('c', { hitPolicy: 'COLLECT', aggregation: 'SUM', outputs: ['x', 'y'], rules: [] }),
      ),
    );
    expect(problems).toEqual([
      { elementId: 'a', message: "Expected the hit policy to be one of 'UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER', but found 'LAST'" },
      { elementId: 'b', message: "Expected the aggregation to be one of 'SUM', 'MIN', 'MAX', 'COUNT', but found 'AVG'" },
      { elementId: 'c', message: "hit policy 'COLLECT' with aggregator is not defined for compound output" },
    ]);
  });

  it('COLLECT with an aggregation over a non-numeric output is deployable (it fails at run time)', async () => {
    const xml = dmn(tableDecision('d', { hitPolicy: 'COLLECT', aggregation: 'SUM', rules: [[['-'], ['"text"']]] }));
    await expect(parseDmn(xml, 'test.dmn')).resolves.toBeDefined();
  });

  it('required decisions that do not exist, and cycles', async () => {
    const problems = await problemsOf(
      dmn(
        literalDecision('a', 'b', requires('b')) +
          literalDecision('b', 'c', requires('c')) +
          literalDecision('c', 'a', requires('a')) +
          literalDecision('lonely', 'ghost', requires('ghost')) +
          literalDecision('self', 'self', requires('self')),
      ),
    );
    expect(problems).toEqual([
      { elementId: 'lonely', message: "Expected the required decision 'ghost' to be a decision of this DRG, but found none with this id" },
      { elementId: 'a', message: 'Invalid DMN model: Cyclic dependencies between decisions detected (a -> b -> c -> a)' },
      { elementId: 'self', message: 'Invalid DMN model: Cyclic dependencies between decisions detected (self -> self)' },
    ]);
  });

  it('DMN constructs Baton does not evaluate', async () => {
    const problems = await problemsOf(
      dmn(
        '<decision id="ctx"><context /></decision><decision id="bare" />' +
          '<businessKnowledgeModel id="bkm" /><decision id="uses-bkm"><knowledgeRequirement><requiredKnowledge href="#bkm" /></knowledgeRequirement><literalExpression><text>1</text></literalExpression></decision>' +
          literalDecision('imported', '1', '<informationRequirement><requiredDecision href="http://other#x" /></informationRequirement>'),
      ),
    );
    expect(problems).toEqual([
      { elementId: 'ctx', message: "Expected the decision logic to be a decision table or a literal expression, but found 'Context'" },
      { elementId: 'bare', message: 'Expected the decision logic to be a decision table or a literal expression, but found none' },
      { elementId: 'uses-bkm', message: 'Expected no knowledge requirements, but found one (business knowledge models are not supported)' },
      { elementId: 'imported', message: "No import found for namespace 'http://other' (required decision 'http://other#x')" },
    ]);
  });
});
