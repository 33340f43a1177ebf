import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

const MINUTE = 60_000;

/**
 * The incident-response process end to end: a monitoring alert from the sandbox, evidence from
 * logs, metrics and ticketing in parallel (each allowed to fail), the incident-severity rules,
 * automated remediation, paging on-call with a timer escalation, and the ticket's findings.
 */
describe('incident response', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  const EVIDENCE = ['find-related-tickets', 'find-related-tickets-done', 'gather-logs', 'gather-logs-done', 'gather-metrics', 'gather-metrics-done'];
  const sandboxGet = async (path: string) => (await (await fetch(`${s.sandbox.url}/${path}`)).json()) as Record<string, unknown>;
  const onCallResolves = (pi: string) =>
    s.decide(s.task(pi, 'resolve-incident'), 'olivia', ['on-call'], 'complete', { variables: { resolution: { rootCause: 'log rotation stopped', action: 'rotated logs, fixed cron' } } });

  it('a known cause is remediated automatically; the ticket gets the findings and nobody is paged', async () => {
    // An older incident of the same service: the related-tickets search finds it.
    const older = (await (await fetch(`${s.sandbox.url}/ticketing/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'incident', service: 'storage', title: 'disk full last week' }) })).json()) as { id: string };
    const pi = await s.start('incident-response', { alertId: 'disk-high-1', affectedUsers: 50, businessKey: 'INC-1' });

    expect(s.isLive(pi)).toBe(false);
    const trail = await s.trail(pi);
    expect(trail.slice(0, 3)).toEqual(['alert-received', 'detect', 'gather']);
    expect(trail.slice(3, 9).sort()).toEqual(EVIDENCE);
    expect(trail.slice(9)).toEqual([
      'evidence-gathered', 'classify-severity', 'known-cause', 'remediate', 'remediation-done', 'page-needed',
      'handled', 'update-ticket', 'notify-resolved', 'incident-closed', 'incident-response',
    ]);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({
      service: 'storage', impact: 'degraded', knownCause: true, cause: 'disk-full',
      severityAssessment: { severity: 'medium', autoRemediate: true, page: false, firedRules: ['medium', 'auto-remediation'] },
      remediation: { attempted: true, succeeded: true, runbook: 'clean-temp-files' },
      relatedTickets: { available: true, count: 1, ids: [older.id] },
      incidentOutcome: 'remediated',
    });
    const [severity] = await s.ruleEvaluations(pi);
    expect(severity).toMatchObject({ ruleSetId: 'incident-severity', facts: { impact: 'degraded', affectedUsers: 50, knownCause: true } });

    const ticket = await sandboxGet(`ticketing/tickets/${String(vars.ticketId)}`);
    expect(ticket).toMatchObject({ status: 'resolved', severity: 'medium', rootCause: 'disk-full', fixedBy: 'runbook clean-temp-files', relatedIncidents: [older.id], metrics: { available: true, breached: true } });
    expect(await s.control.requests({ system: 'oncall' })).toEqual([]);
  });

  it('a failed remediation pages on-call, who resolves the incident', async () => {
    await s.control.fault({ system: 'monitoring', resource: 'remediations', method: 'POST', mode: 'reject' });
    const pi = await s.start('incident-response', { alertId: 'memory-high-7', affectedUsers: 20 });

    const task = s.task(pi, 'resolve-incident');
    expect(task.candidateGroups).toEqual(['on-call']);
    expect((await s.trail(pi)).slice(-4)).toEqual(['known-cause', 'remediation-failed', 'paging', 'page-on-call']);
    await onCallResolves(pi);

    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ remediation: { attempted: true, succeeded: false, reason: expect.stringContaining('answered 422') }, incidentOutcome: 'resolved-by-on-call' });
    expect(await sandboxGet(`ticketing/tickets/${String(vars.ticketId)}`)).toMatchObject({ status: 'resolved', rootCause: 'log rotation stopped', fixedBy: 'rotated logs, fixed cron' });
    const human = (await s.records(pi, 'USER_TASK')).map((r) => `${r.intent}:${String(r.value.actor ?? '')}`);
    expect(human).toEqual(['CREATED:', 'ASSIGNED:olivia', 'COMPLETED:olivia']);
  });

  it('a critical incident pages on-call even when remediated, and escalates to the incident commander after 15 minutes', async () => {
    const pi = await s.start('incident-response', { alertId: 'database-critical-3', impact: 'outage', affectedUsers: 5_000 });

    expect(await s.variables(pi)).toMatchObject({ severityAssessment: { severity: 'critical', page: true }, remediation: { succeeded: true } });
    await s.advance(14 * MINUTE);
    expect((await s.control.requests({ system: 'oncall' })).length).toBe(1);
    await s.advance(MINUTE);
    // Non-interrupting: the commander is paged and on-call keeps the task.
    const pages = (await s.control.requests({ system: 'oncall' })).length;
    expect(pages).toBe(2);
    expect(s.task(pi, 'resolve-incident')).toBeDefined();
    expect(await s.trail(pi)).toEqual(expect.arrayContaining(['page-unanswered', 'escalate-page', 'commander-paged']));
    await onCallResolves(pi);

    expect(s.isLive(pi)).toBe(false);
    expect(await s.variables(pi)).toMatchObject({ page: { level: 1 }, escalatedPage: { level: 2 }, incidentOutcome: 'remediated' });
  });

  it('evidence sources that fail leave gaps, and the response goes on with what it has', async () => {
    await s.control.fault({ system: 'logs', mode: 'fail' }); // 503 every time: retried, then given up
    await s.control.fault({ system: 'metrics', mode: 'reject' }); // 422: given up at once
    const pi = await s.start('incident-response', { alertId: 'mystery-low-2', affectedUsers: 3 });

    const vars = await s.variables(pi);
    expect(vars).toMatchObject({
      logs: { available: false, reason: expect.stringContaining('logs unavailable') },
      metrics: { available: false, reason: expect.stringContaining('answered 422') },
      relatedTickets: { available: true, count: 0 },
      knownCause: false,
      severityAssessment: { severity: 'low', autoRemediate: false },
    });
    const trail = await s.trail(pi);
    expect(trail).toEqual(expect.arrayContaining(['gather-logs-failed', 'gather-metrics-failed', 'find-related-tickets']));
    expect(trail).not.toContain('gather-logs');
    // The logs search was tried three times (two back-offs on the virtual clock) before giving up.
    expect((await s.control.requests({ system: 'logs' })).length).toBe(3);
    expect((await s.records(pi, 'JOB')).filter((r) => r.element_id === 'gather-logs' && r.intent === 'FAILED')).toHaveLength(2);
    // Unknown cause: straight to on-call.
    await onCallResolves(pi);
    const ticket = await sandboxGet(`ticketing/tickets/${String(vars.ticketId)}`);
    expect(ticket).toMatchObject({ status: 'resolved', logs: { available: false }, metrics: { available: false }, relatedIncidents: [] });
  });
});
