import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, firedRules, path, record, seed } from './enterprise-support.ts';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

const PROCESS = 'incident-response-automation';

/**
 * Incident response automation (bpmn/incident-response-automation.bpmn) end to end: alerts
 * from the sandbox's monitoring (canned by id: `disk-critical-1` is a critical disk-full
 * alert), logs, metrics, ticketing, on-call and chat, with faults injected.
 */
describe('enterprise workflow: incident response automation', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  /** The instance a message start event created (the newest of the process). */
  const newestInstance = async () =>
    String(
      await s.h.db
        .knex('records')
        .where({ value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED', element_id: PROCESS, bpmn_process_id: PROCESS })
        .orderBy('position', 'desc')
        .first()
        .then((r: { key: string } | undefined) => r?.key),
    );

  it('handles a critical alert from monitoring: remediates the known cause, pages on-call, updates the ticket, notifies', async () => {
    await s.zbc.publishMessage({ name: 'monitoring-alert', correlationKey: '', variables: { alertId: 'disk-critical-1', affectedUsers: 2000 } });
    await s.settle();
    const pi = await newestInstance();
    expect(s.isLive(pi)).toBe(false);
    const trail = await path(s, pi, PROCESS);
    expect(trail.slice(0, 5)).toEqual(['alert-received', 'incident-opened', 'read-alert', 'open-ticket', 'gather-findings']);
    expect(trail.slice(5, 8).sort()).toEqual(['find-related-incidents', 'read-metrics', 'search-logs']);
    expect(trail.slice(8)).toEqual(['findings-gathered', 'classify-severity', 'determine-root-cause', 'runbook-available', 'run-runbook', 'remediation-settled', 'oncall-needed', 'oncall-page', 'page-oncall', 'ticket-ready', 'update-ticket', 'notify-stakeholders', 'incident-handled']);

    const vars = await s.variables(pi);
    expect(vars.classification).toMatchObject({ severity: 'critical', page: true, autoRemediate: true, ruleSet: 'incident-severity' });
    // Which rules fired, and on which facts: the rules worker's explanation in the audit trail.
    expect(await firedRules(s, pi)).toEqual({ 'incident-severity': ['critical', 'high', 'medium', 'auto-remediation'] });
    const [evaluation] = await s.ruleEvaluations(pi);
    expect(evaluation).toMatchObject({ facts: { impact: 'outage', affectedUsers: 2000, knownCause: true } });
    expect(vars.rootCause).toMatchObject({ cause: 'disk-full', runbook: 'clean-temp-files', confidence: 'high' });
    expect(vars).toMatchObject({ impact: 'outage', knownCause: true, remediation: { status: 'succeeded' }, ticketStatus: 'mitigated' });
    const log = await calls(s);
    expect(log.slice(0, 2)).toEqual(['GET monitoring/alerts/disk-critical-1 200', 'POST ticketing/tickets 201']);
    expect(log.slice(5)).toEqual(['POST monitoring/remediations 201', 'POST oncall/pages 201', `PATCH ticketing/tickets/${String(vars.ticketId)} 200`, 'POST chat/messages 201']);
    expect(await record(s, 'ticketing', 'tickets', vars.ticketId)).toMatchObject({
      status: 'mitigated',
      severity: 'critical',
      severityRules: ['critical', 'high', 'medium', 'auto-remediation'],
      rootCause: { cause: 'disk-full' },
      metrics: { status: 'ok', metric: 'disk_used_percent', breached: true },
      relatedIncidents: [],
      pageId: (vars.page as { id: string }).id,
    });
  });

  it('goes on without the logs when the log store is down, and links related incidents (API start)', async () => {
    await seed(s, 'ticketing', 'tickets', { id: 'INC-41', title: 'api: memory high last week', service: 'api', status: 'closed' });
    await s.control.fault({ system: 'logs', mode: 'fail' });
    const pi = await s.start(PROCESS, { alertId: 'memory-medium-7', affectedUsers: 50 });
    const trail = await path(s, pi, PROCESS);
    expect(trail[0]).toBe('incident-reported');
    expect(trail).not.toContain('run-runbook');
    expect(trail).not.toContain('page-oncall');
    const vars = await s.variables(pi);
    expect(vars.logFindings).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('503') });
    expect(vars).toMatchObject({ knownCause: false, impact: 'degraded', ticketStatus: 'triaged' });
    expect(vars.classification).toMatchObject({ severity: 'medium', page: false, autoRemediate: false, firedRules: ['medium'] });
    expect(vars.relatedIncidents).toEqual({ status: 'ok', tickets: [expect.objectContaining({ id: 'INC-41' })] });
    expect(await calls(s, { system: 'logs' })).toEqual(Array(4).fill('GET logs/search 503'));
    expect(await record(s, 'ticketing', 'tickets', vars.ticketId)).toMatchObject({ severity: 'medium', relatedIncidents: ['INC-41'], logs: { status: 'unavailable' } });
  });

  it('pages on-call when the runbook is refused', async () => {
    await s.control.fault({ system: 'monitoring', resource: 'remediations', mode: 'reject', body: { error: 'runbook scale-out is disabled' } });
    const pi = await s.start(PROCESS, { alertId: 'cpu-high-3', affectedUsers: 500 });
    expect((await path(s, pi, PROCESS)).slice(-9)).toEqual(['determine-root-cause', 'runbook-available', 'remediation-failed', 'oncall-page', 'page-oncall', 'ticket-ready', 'update-ticket', 'notify-stakeholders', 'incident-handled']);
    const vars = await s.variables(pi);
    expect(vars.classification).toMatchObject({ severity: 'high', page: false, autoRemediate: true });
    expect(vars.remediation).toMatchObject({ status: 'failed', runbook: 'scale-out', reason: expect.stringContaining('runbook scale-out is disabled') });
    expect(vars.page).toMatchObject({ reason: expect.stringContaining('automated remediation failed') });
    expect(vars.ticketStatus).toBe('escalated');
  });

  it('raises an incident when ticketing stays down, and finishes once an operator resolves it', async () => {
    await s.control.fault({ system: 'ticketing', method: 'PATCH', mode: 'fail' });
    const pi = await s.start(PROCESS, { alertId: 'db-low-9', impact: 'minor', affectedUsers: 3 });
    const [incident] = s.incidents(pi);
    expect(incident).toMatchObject({ errorType: 'JOB_NO_RETRIES', elementId: 'update-ticket' });
    expect(incident!.errorMessage).toContain('answered 503');
    const ticketing = await calls(s, { system: 'ticketing' });
    expect(ticketing.slice(0, 2)).toEqual(['POST ticketing/tickets 201', 'GET ticketing/tickets 200']);
    expect(ticketing.slice(2)).toEqual(Array(5).fill(expect.stringMatching(/^PATCH ticketing\/tickets\/\S+ 503$/)));

    // The operator waits for ticketing to come back, gives the job a retry and resolves the incident.
    await s.control.clearFaults();
    const live = [...s.h.engine.view.incidents.values()].find((i) => i.processInstanceKey === pi)!;
    await s.h.engine.updateJobRetries(live.jobKey!, 1);
    await s.h.engine.resolveIncident(live.key);
    await s.settle();
    expect(s.isLive(pi)).toBe(false);
    expect(s.incidents(pi)).toEqual([]);
    expect((await path(s, pi, PROCESS)).slice(-3)).toEqual(['update-ticket', 'notify-stakeholders', 'incident-handled']);
    expect((await s.records(pi, 'INCIDENT')).map((r) => r.intent)).toEqual(['CREATED', 'RESOLVED']);
  });
});
