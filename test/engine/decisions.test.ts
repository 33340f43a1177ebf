import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bpmnProcess, flow } from '../support/bpmn.ts';
import { startHarness, type Harness } from '../support/engine-harness.ts';
import { grpcError } from './helpers.ts';

const ruleTask = (decisionId: string, resultVariable: string) => `
  <bpmn:startEvent id="start" />
  <bpmn:businessRuleTask id="decide">
    <bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="${resultVariable}" /></bpmn:extensionElements>
  </bpmn:businessRuleTask>
  <bpmn:endEvent id="end" />
  ${flow('f1', 'start', 'decide')}${flow('f2', 'decide', 'end')}`;

describe('DMN decisions', () => {
  let h: Harness;
  let zbc: ReturnType<Harness['client']>;
  beforeAll(async () => {
    h = await startHarness();
    zbc = h.client();
  });
  afterAll(async () => h?.stop());

  it('deploys a DMN resource with its decisions and versions it like Zeebe', async () => {
    const xml = await fs.readFile('dmn/approval-chain.dmn');
    const first = await zbc.deployResource({ name: 'approval-chain.dmn', decision: xml });
    const kinds = first.deployments.map((d) => Object.entries(d).find(([, v]) => v)?.[0]);
    expect(kinds).toEqual(['decisionRequirements', 'decision']);
    const decision = first.deployments.find((d) => d.decision)!.decision!;
    expect(decision).toMatchObject({ dmnDecisionId: 'approval-chain', version: 1 });
    const again = await zbc.deployResource({ name: 'approval-chain.dmn', decision: xml });
    expect(again.deployments.find((d) => d.decision)!.decision!.version).toBe(1);
    const changed = xml.toString().replace('team-lead', 'team-leader');
    const second = await zbc.deployResource({ name: 'approval-chain.dmn', decision: Buffer.from(changed) });
    expect(second.deployments.find((d) => d.decision)!.decision!.version).toBe(2);
    await zbc.deployResource({ name: 'approval-chain.dmn', decision: xml });
  });

  it('a business rule task evaluates the latest decision into its result variable and records why', async () => {
    await zbc.deployResource({ name: 'rule-task.bpmn', process: Buffer.from(bpmnProcess('rule-task', ruleTask('approval-chain', 'approver'))) });
    const result = await zbc.createProcessInstanceWithResult({ bpmnProcessId: 'rule-task', variables: { amount: 25_000 }, requestTimeout: 10_000 });
    expect(result.variables).toEqual({ amount: 25_000, approver: 'director' });
    const [evaluation] = await h.db.knex('records').where({ process_instance_key: result.processInstanceKey, value_type: 'DECISION_EVALUATION' });
    expect(evaluation).toMatchObject({ intent: 'EVALUATED', element_id: 'decide' });
    expect(evaluation.value).toMatchObject({ decisionId: 'approval-chain', decisionVersion: 3, decisionOutput: 'director' });
    expect(evaluation.value.evaluatedDecisions[0].evaluatedInputs[0]).toMatchObject({ inputValue: 25_000 });
    expect(evaluation.value.evaluatedDecisions[0].matchedRules).toHaveLength(1);
  });

  it('a decision that does not exist is a CALLED_DECISION_ERROR incident; deploying it and resolving goes on', async () => {
    await zbc.deployResource({ name: 'missing.bpmn', process: Buffer.from(bpmnProcess('missing-decision', ruleTask('no-such-decision', 'out'))) });
    const created = await zbc.createProcessInstance({ bpmnProcessId: 'missing-decision', variables: {} });
    await h.engine.whenIdle();
    const incident = [...h.engine.view.incidents.values()].find((i) => i.processInstanceKey === created.processInstanceKey)!;
    expect(incident).toMatchObject({ errorType: 'CALLED_DECISION_ERROR', elementId: 'decide' });
    expect(incident.errorMessage).toBe("Expected to evaluate decision 'no-such-decision', but no decision found for id 'no-such-decision'");
  });

  it('a failing decision is a DECISION_EVALUATION_ERROR incident naming the failure', async () => {
    const unique = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="strict" name="Strict" namespace="http://baton.test">
  <decision id="strict-decision" name="Strict">
    <decisionTable id="t" hitPolicy="UNIQUE">
      <input id="i" label="x"><inputExpression id="ie" typeRef="number"><text>x</text></inputExpression></input>
      <output id="o" name="y" typeRef="string" />
      <rule id="r1"><inputEntry id="e1"><text>&gt; 0</text></inputEntry><outputEntry id="o1"><text>"a"</text></outputEntry></rule>
      <rule id="r2"><inputEntry id="e2"><text>&gt; 1</text></inputEntry><outputEntry id="o2"><text>"b"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;
    await zbc.deployResource({ name: 'strict.dmn', decision: Buffer.from(unique) });
    await zbc.deployResource({ name: 'strict.bpmn', process: Buffer.from(bpmnProcess('strict-process', ruleTask('strict-decision', 'y'))) });
    const created = await zbc.createProcessInstance({ bpmnProcessId: 'strict-process', variables: { x: 5 } });
    await h.engine.whenIdle();
    const incident = [...h.engine.view.incidents.values()].find((i) => i.processInstanceKey === created.processInstanceKey)!;
    expect(incident.errorType).toBe('DECISION_EVALUATION_ERROR');
    expect(incident.errorMessage).toContain("Expected to evaluate decision 'strict-decision'");
    expect(incident.errorMessage).toContain('UNIQUE');
    const [failed] = await h.db.knex('records').where({ process_instance_key: created.processInstanceKey, value_type: 'DECISION_EVALUATION' });
    expect(failed).toMatchObject({ intent: 'FAILED' });
    expect(failed.value.failedDecisionId).toBe('strict-decision');
  });

  it('EvaluateDecision evaluates by id through the gateway; an unknown id is NOT_FOUND', async () => {
    const result = await zbc.evaluateDecision({ decisionId: 'approval-chain', variables: { amount: 500_000 } });
    expect(result).toMatchObject({ decisionId: 'approval-chain', decisionOutput: '"cfo"', failedDecisionId: '' });
    expect(result.evaluatedDecisions[0]).toMatchObject({ decisionId: 'approval-chain', decisionType: 'DECISION_TABLE' });
    const unknown = await grpcError(zbc.evaluateDecision({ decisionId: 'nope', variables: {} }));
    expect(unknown).toEqual({ code: 5, details: "Expected to evaluate decision 'nope', but no decision found for id 'nope'" });
  });
});
