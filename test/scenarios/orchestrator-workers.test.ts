import { describe, expect, it } from 'vitest';
import { escalate } from '../../workers/approval-escalate.ts';
import { prepareChain } from '../../workers/approval-prepare-chain.ts';
import { incidentFacts } from '../../workers/incident-detect.ts';
import { normalise } from '../../workers/intake-normalise.ts';
import { renderNotification } from '../../workers/lib/notification-templates.ts';
import { BusinessError } from '../../workers/lib/run-job.ts';
import { summarise } from '../../workers/lib/summary.ts';
import { reconcile } from '../../workers/migration-reconcile.ts';
import { planChecks } from '../../workers/qa-plan-checks.ts';

/** The scenario workers' decisions without engine or sandbox: the edge cases the scenarios do not walk. */
describe('scenario workers', () => {
  it('intake normalises what forms and APIs send, and refuses what no one can route', () => {
    expect(normalise({ title: '  Laptops ', type: 'PURCHASE', amount: '12,500.50', requester: 'alice', urgency: 'P1', tags: ['ETL', 'etl', ' Release ', 3] }, '42')).toEqual({
      requestId: 'REQ-42',
      businessKey: 'REQ-42',
      title: 'Laptops',
      requester: 'alice',
      source: 'api',
      urgency: 'critical',
      priority: 'critical',
      tags: ['etl', 'release'],
      requestType: 'purchase',
      amount: 12_500.5,
    });
    expect(normalise({ title: 'x', initiator: 'bob', urgency: 'whatever' }, '1')).toMatchObject({ requester: 'bob', urgency: 'normal' });
    const refused = (raw: Parameters<typeof normalise>[0]) => {
      try {
        normalise(raw, '1');
      } catch (err) {
        return err instanceof BusinessError ? `${err.code}: ${err.message}` : String(err);
      }
      return 'accepted';
    };
    expect(refused({ requester: 'a' })).toBe('INVALID_REQUEST: a request needs a title');
    expect(refused({ title: 't' })).toBe('INVALID_REQUEST: a request needs a requester (requester or initiator)');
    expect(refused({ title: 't', requester: 'a', amount: '-5' })).toBe("INVALID_REQUEST: the amount '-5' is not a non-negative number");
    expect(refused({ title: 't', requester: 'a', amount: 'lots' })).toBe("INVALID_REQUEST: the amount 'lots' is not a non-negative number");
  });

  it('the approval chain takes the rules at their word and refuses what a timer could not run', () => {
    expect(prepareChain({ approvalChain: { approverRole: 'cfo', requiredApprovals: 2 } })).toMatchObject({ approverGroup: 'cfo', requiredApprovals: 2, approvalSla: 'PT1H', maxEscalations: 2 });
    expect(prepareChain({ approvalChain: { approverRole: 'director' }, approvalSla: 'P1DT4H' })).toMatchObject({ requiredApprovals: 1, approvalSla: 'P1DT4H' });
    expect(() => prepareChain({ approvalChain: { approverRole: 'intern' } })).toThrow(/no known approver role/);
    expect(() => prepareChain({ approvalChain: { approverRole: 'director' }, approvalSla: '1 hour' })).toThrow(/ISO 8601/);
  });

  it('escalation climbs one level at a time and decides when it runs out of levels or budget', () => {
    expect(escalate({ approverGroup: 'director', escalationCount: 0, maxEscalations: 3, escalations: [] })).toEqual({ approverGroup: 'cfo', escalationCount: 1, escalations: [{ from: 'director', to: 'cfo' }], escalationExhausted: false });
    expect(escalate({ approverGroup: 'ceo', escalationCount: 0, maxEscalations: 3, approvalSla: 'PT2H' })).toMatchObject({ escalationExhausted: true, decision: 'rejected', decisionReason: 'not decided within PT2H by ceo (no level above ceo)' });
  });

  it('reconciliation needs every batch migrated and the counts to agree', () => {
    const counts = { source: 20, target: 20, batches: 2, difference: 0, reconciled: true };
    expect(reconcile({ batchResults: [{ batch: 'a-1', records: 10, status: 'migrated' }], expectedRecords: 20 }, counts)).toMatchObject({ reconciliation: { ok: true }, migrationStatus: 'completed' });
    expect(reconcile({ batchResults: [{ batch: 'a-1', records: 10, status: 'failed' }] }, counts)).toMatchObject({ reconciliation: { ok: false, failedBatches: ['a-1'] }, migrationStatus: 'rolling-back' });
    expect(reconcile({ batchResults: [] }, { ...counts, target: 19, difference: 1, reconciled: false })).toMatchObject({ reconciliation: { ok: false, difference: 1 } });
  });

  it('incident facts come from what was stated, else from the alert, else safe defaults', () => {
    const alert = { id: 'a', service: 'api', severity: 'critical', cause: 'memory-leak', knownCause: true, runbook: 'restart-service', message: 'OOM' };
    expect(incidentFacts({}, alert)).toMatchObject({ service: 'api', impact: 'outage', affectedUsers: 0, knownCause: true, runbook: 'restart-service', incidentSummary: 'OOM' });
    expect(incidentFacts({ impact: 'MINOR', affectedUsers: 12, knownCause: false }, alert)).toMatchObject({ impact: 'minor', affectedUsers: 12, knownCause: false });
    expect(incidentFacts({ service: 'web', urgency: 'high', affectedUsers: -1 }, undefined)).toMatchObject({ service: 'web', impact: 'degraded', affectedUsers: 0, knownCause: false, runbook: null });
  });

  it('QA needs something to test', () => {
    expect(planChecks({ title: 'Release 5' })).toEqual({ release: 'Release 5', reworkLimit: 2, reworkCount: 0, reworkTickets: [] });
    expect(() => planChecks({})).toThrow(BusinessError);
    expect(() => planChecks({ release: 'r', reworkLimit: -1 })).toThrow(/reworkLimit/);
  });

  it('notifications render per channel; an unknown template is a model error', () => {
    const vars = { title: 'Laptops', businessKey: 'PR-1', decidedBy: 'tom', decisionReason: 'ok', requester: 'alice' };
    expect(renderNotification('approval-approved', 'email', vars)).toEqual({ template: 'approval-approved', businessKey: 'PR-1', to: 'alice@example.com', subject: 'Approved: Laptops', text: 'Your request PR-1 was approved by tom. ok' });
    expect(renderNotification('approval-approved', 'webhook', vars)).toMatchObject({ event: 'approval-approved', payload: { subject: 'Approved: Laptops' } });
    expect(() => renderNotification('nope', 'chat', vars)).toThrow(/no notification template 'nope'/);
  });

  it('a summary without a route still says what happened', () => {
    expect(summarise({ requestId: 'REQ-1', businessKey: 'B', cancelled: true, classification: { route: 'approval', priority: 'high', firedRules: ['type-approval'], ruleSet: 'request-classification', version: '1' } })).toMatchObject({
      outcome: 'cancelled',
      agents: ['intake', 'rules-classifier', 'master-orchestrator'],
      decisions: [{ agent: 'rules-classifier', decided: 'route approval, priority high', why: 'rules type-approval of request-classification v1' }],
    });
  });
});
