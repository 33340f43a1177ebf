import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

/**
 * The quality-assurance process end to end: three checks in parallel against the sandbox's
 * testing and security systems, the quality-gate DMN decision in the engine, and the rework
 * loop with its limit. Test outcomes are steered with the sandbox's `respond` faults.
 */
describe('quality assurance', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  const CHECKS = ['compliance-check', 'run-unit-tests', 'security-scan'];
  /** Unit tests that leave coverage below 80 %: the gate asks for rework. */
  const weakTests = (times: number) => s.control.fault({ system: 'testing', resource: 'runs', method: 'POST', mode: 'respond', respond: { failed: 2, coverage: 72 }, times });
  const gateDecisions = async (pi: string) =>
    (await s.records(pi, 'DECISION_EVALUATION')).map((r) => {
      const [evaluated] = r.value.evaluatedDecisions as Array<{ matchedRules: Array<{ ruleId: string }> }>;
      return evaluated!.matchedRules.map((m) => m.ruleId).join();
    });

  it('checks run in parallel, the quality gate passes, the release is announced', async () => {
    const pi = await s.start('quality-assurance', { release: 'payments-2.4', businessKey: 'REL-2.4' });

    const trail = await s.trail(pi);
    expect(trail.slice(0, 4)).toEqual(['qa-requested', 'plan-checks', 'run-checks', 'checks']);
    expect(trail.slice(4, 7).sort()).toEqual(CHECKS);
    expect(trail.slice(7)).toEqual(['checks-done', 'quality-gate', 'gate-verdict', 'notify-passed', 'passed', 'quality-assurance']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ gate: { verdict: 'pass', reason: 'All quality criteria are met' }, reworkCount: 0, unitTests: { failed: 0 }, compliance: { violations: 0 } });
    expect(vars.unitTests).toMatchObject({ coverage: expect.any(Number) });
    expect(await gateDecisions(pi)).toEqual(['gate-pass']);
    expect((await s.control.requests({ method: 'POST' })).map((r) => r.system).sort()).toEqual(['chat', 'security', 'security', 'testing', 'webhook']);
  });

  it('a failed gate loops back for rework, and the second round passes', async () => {
    await weakTests(1);
    const pi = await s.start('quality-assurance', { release: 'payments-2.5', businessKey: 'REL-2.5' });

    const trail = await s.trail(pi);
    expect(trail.filter((e) => e === 'run-unit-tests')).toHaveLength(2);
    expect(trail.slice(trail.indexOf('gate-verdict'), trail.indexOf('gate-verdict') + 4)).toEqual(['gate-verdict', 'rework-limit', 'rework', 'run-checks']);
    expect(trail.slice(-3)).toEqual(['notify-passed', 'passed', 'quality-assurance']);
    expect(await gateDecisions(pi)).toEqual(['gate-coverage-medium', 'gate-pass']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ reworkCount: 1, gate: { verdict: 'pass' } });
    const [ticket] = vars.reworkTickets as string[];
    const filed = (await (await fetch(`${s.sandbox.url}/ticketing/tickets/${ticket}`)).json()) as Record<string, unknown>;
    expect(filed).toMatchObject({ type: 'rework', round: 1, release: 'payments-2.5', reason: 'Test coverage is below 80 %' });
  });

  it('when the rework limit is spent the run escalates (QA_REWORK_LIMIT)', async () => {
    await weakTests(3);
    const pi = await s.start('quality-assurance', { release: 'payments-2.6', reworkLimit: 2 });

    expect(s.isLive(pi)).toBe(false);
    expect(await gateDecisions(pi)).toEqual(['gate-coverage-medium', 'gate-coverage-medium', 'gate-coverage-medium']);
    expect((await s.trail(pi)).slice(-4)).toEqual(['gate-verdict', 'rework-limit', 'rework-exhausted', 'quality-assurance']);
    expect(await s.variables(pi)).toMatchObject({ reworkCount: 2, gate: { verdict: 'rework' } });
    // Run on its own, nobody catches the escalation (the master orchestrator does, see there).
    expect((await s.records(pi, 'ESCALATION')).map((r) => `${r.intent}:${String(r.value.escalationCode)}`)).toEqual(['NOT_ESCALATED:QA_REWORK_LIMIT']);
  });

  it('a compliance violation is a critical defect: the release is rejected without rework', async () => {
    await s.control.fault({ system: 'security', resource: 'compliance-checks', method: 'POST', mode: 'respond', respond: { violations: ['GPL-3.0 licence in a shipped dependency'] } });
    const pi = await s.start('quality-assurance', { release: 'payments-2.7' });

    expect((await s.trail(pi)).slice(-4)).toEqual(['gate-verdict', 'notify-rejected', 'release-rejected', 'quality-assurance']);
    expect(await s.variables(pi)).toMatchObject({ compliance: { violations: 1 }, gate: { verdict: 'reject', reason: 'Critical defects are open' }, reworkCount: 0 });
  });
});
