import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RULES_DIR, RuleRegistry } from '../rules/index.ts';
import { loadWorkerModules } from '../workers/host.ts';
import { createRulesWorker, type RuleAuditEntry, type RuleAuditSink } from '../workers/rules.ts';
import { startHarness, type Harness } from './support/engine-harness.ts';

const FIXTURES = path.resolve('test/fixtures/rules');

/** approval-chain version 2: the CFO approves from 50k instead of 100k. */
function approvalChainV2(): unknown {
  const v1 = JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'approval-chain.json'), 'utf8'));
  const text = JSON.stringify({ ...v1, version: 2 }).replaceAll('100000', '50000');
  return JSON.parse(text);
}

describe('baton.rules worker against the engine, through the gateway', () => {
  let h: Harness;
  let worker: { close(): Promise<unknown> };
  const audit: RuleAuditEntry[] = [];

  beforeAll(async () => {
    h = await startHarness();
    const registry = new RuleRegistry({ clock: { now: () => h.clock.now() } });
    await registry.loadRuleSets(RULES_DIR);
    await registry.deployRuleSet(approvalChainV2(), { source: 'test' }); // deployed at run time, now the latest
    const zeebe = h.client();
    for (const file of ['approval-routing.bpmn', 'approval-routing-pinned.bpmn', 'approval-routing-unknown.bpmn']) {
      await zeebe.deployResource({ processFilename: path.join(FIXTURES, file) });
    }
    const rules = createRulesWorker({ registry, sink: { record: (entry) => void audit.push(entry) } });
    worker = zeebe.createWorker({ taskType: rules.taskType, taskHandler: rules.taskHandler });
  });
  afterAll(async () => {
    await worker?.close();
    await h?.stop();
  });

  const endedAt = async (processInstanceKey: string) =>
    h.db.knex('records').where({ process_instance_key: processInstanceKey, intent: 'ELEMENT_COMPLETED' }).whereLike('element_id', '%-approves').pluck('element_id');

  async function incidentOf(processInstanceKey: string) {
    for (let i = 0; i < 200; i++) {
      const incident = [...h.engine.view.incidents.values()].find((x) => x.processInstanceKey === processInstanceKey);
      if (incident) return incident;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no incident for instance ${processInstanceKey}`);
  }

  it('routes on the decision of the latest rule set version', async () => {
    const result = await h.client().createProcessInstanceWithResult({
      bpmnProcessId: 'rules-approval-routing',
      variables: { amount: 60000, requester: 'ada', unrelated: 'ignored' },
      requestTimeout: 10_000,
    });
    expect(result.variables.decision).toEqual({
      approverRole: 'cfo',
      approvalLevel: 3,
      escalateTo: 'ceo',
      requiredApprovals: 2,
      excludedApprovers: ['ada'],
      firedRules: ['cfo', 'four-eyes', 'no-self-approval'],
      ruleSet: 'approval-chain',
      version: '2',
    });
    expect(await endedAt(result.processInstanceKey)).toEqual(['cfo-approves']);
  });

  it('a version header keeps using the old version after a newer one was deployed', async () => {
    const result = await h.client().createProcessInstanceWithResult({
      bpmnProcessId: 'rules-approval-routing-pinned',
      variables: { amount: 60000, requester: 'ada' },
      requestTimeout: 10_000,
    });
    expect(result.variables.approval).toMatchObject({ approverRole: 'director', version: '1', ruleSet: 'approval-chain' });
    expect(result.variables).not.toHaveProperty('decision');
    expect(await endedAt(result.processInstanceKey)).toEqual(['director-approves']);
  });

  it('hands every evaluation with its job to the audit sink', async () => {
    const result = await h.client().createProcessInstanceWithResult({
      bpmnProcessId: 'rules-approval-routing',
      variables: { amount: 500, requester: 'bob' },
      requestTimeout: 10_000,
    });
    expect(await endedAt(result.processInstanceKey)).toEqual(['team-lead-approves']);
    const entry = audit.find((e) => e.job.processInstanceKey === result.processInstanceKey);
    expect(entry?.job).toMatchObject({ type: 'baton.rules', bpmnProcessId: 'rules-approval-routing', elementId: 'choose-approver' });
    expect(entry?.evaluation).toMatchObject({
      ruleSetId: 'approval-chain',
      version: '2',
      facts: { amount: 500, requester: 'bob' },
      outcome: { approverRole: 'team-lead' },
      evaluatedAt: new Date(h.clock.now()).toISOString(),
    });
    expect(entry?.evaluation.conditions['team-lead']).toEqual([{ at: 'all[0]', fact: 'amount', operator: 'lessThan', value: 10000, factResult: 500, result: true }]);
  });

  it('a missing required fact becomes an incident naming the fact, not a BPMN error', async () => {
    const created = await h.client().createProcessInstance({ bpmnProcessId: 'rules-approval-routing', variables: { amount: 500 } });
    const incident = await incidentOf(created.processInstanceKey);
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'choose-approver' });
    expect(incident.errorMessage).toBe("rule set 'approval-chain' version 2: missing required fact 'requester' (user id of the person who raised the request)");
  });

  it('an unknown rule set becomes an incident naming it', async () => {
    const created = await h.client().createProcessInstance({ bpmnProcessId: 'rules-approval-routing-unknown', variables: { amount: 500, requester: 'ada' } });
    const incident = await incidentOf(created.processInstanceKey);
    expect(incident.errorType).toBe('JOB_NO_RETRIES');
    // The message lists every deployed set (rules/ grows with the scenarios), sorted.
    expect(incident.errorMessage).toMatch(/^unknown rule set 'approval-chian' \(deployed: approval-chain, incident-severity, (?:[a-z-]+, )*sla-escalation\)$/);
  });

  it('the worker host starts the built-in worker with the other workers', async () => {
    expect((await loadWorkerModules()).map((m) => m.taskType)).toContain('baton.rules');
  });
});

describe('baton.rules worker job handling', () => {
  /** A stand-in for the SDK job: only what the handler touches. */
  function fakeJob(customHeaders: Record<string, string>, variables: Record<string, unknown> = { amount: 5, requester: 'ada' }) {
    return {
      key: '1',
      type: 'baton.rules',
      processInstanceKey: '2',
      bpmnProcessId: 'p',
      processDefinitionVersion: 1,
      elementId: 'decide',
      elementInstanceKey: '3',
      worker: 'w',
      retries: 3,
      customHeaders,
      variables,
      fail: vi.fn(async () => 'JOB_ACTION_ACKNOWLEDGEMENT'),
      complete: vi.fn(async () => 'JOB_ACTION_ACKNOWLEDGEMENT'),
    };
  }
  async function handle(customHeaders: Record<string, string>, sink?: RuleAuditSink) {
    const registry = new RuleRegistry();
    await registry.loadRuleSets(RULES_DIR);
    const { taskHandler } = createRulesWorker({ registry, sink: sink ?? { record: () => {} } });
    const job = fakeJob(customHeaders);
    // The SDK's job and worker types carry the whole gRPC surface; the handler uses only the job fields above.
    type Args = Parameters<typeof taskHandler>;
    await taskHandler(job as unknown as Args[0], undefined as unknown as Args[1]);
    return job;
  }

  it('fails without retries when the ruleSet header is missing or resultVariable is not a name', async () => {
    expect((await handle({})).fail).toHaveBeenCalledWith({ errorMessage: "baton.rules task 'decide' has no 'ruleSet' task header naming the rule set to evaluate", retries: 0 });
    expect((await handle({ ruleSet: 'approval-chain', resultVariable: 'a b' })).fail).toHaveBeenCalledWith({
      errorMessage: "baton.rules task 'decide': resultVariable 'a b' is not a valid variable name",
      retries: 0,
    });
  });

  it('an unknown version fails without retries', async () => {
    const job = await handle({ ruleSet: 'approval-chain', version: '9' });
    expect(job.fail).toHaveBeenCalledWith({ errorMessage: "rule set 'approval-chain' has no version '9' (deployed: 1)", retries: 0 });
  });

  it('does not complete a decision the audit sink could not record; it retries instead', async () => {
    const job = await handle({ ruleSet: 'approval-chain' }, { record: () => Promise.reject(new Error('audit store down')) });
    expect(job.complete).not.toHaveBeenCalled();
    expect(job.fail).toHaveBeenCalledWith({ errorMessage: "baton.rules task 'decide': recording the evaluation failed: audit store down", retries: 2, retryBackOff: 1000 });
  });

  it('completes with the outcome under the result variable', async () => {
    const job = await handle({ ruleSet: 'approval-chain', resultVariable: 'approval' });
    expect(job.complete).toHaveBeenCalledWith({
      approval: expect.objectContaining({ approverRole: 'team-lead', firedRules: ['team-lead', 'no-self-approval'], ruleSet: 'approval-chain', version: '1' }),
    });
  });
});
