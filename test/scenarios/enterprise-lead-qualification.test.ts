import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, firedRules, matchedDecisionRules, path, record, seed } from './enterprise-support.ts';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

const PROCESS = 'lead-qualification';

/**
 * Sales lead qualification (bpmn/lead-qualification.bpmn) end to end: firmographics from the
 * sandbox's enrichment service (deterministic by domain: hooli.com is a 32,000-person
 * technology company), DMN lead-score, rule set lead-scoring, the CRM and e-mail campaigns.
 */
describe('enterprise workflow: sales lead qualification', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => s?.reset());

  const crmLead = (id: unknown) => record(s, 'crm', 'leads', id);

  it('sends a large company executive to the EMEA sales team and records why', async () => {
    const pi = await s.start(PROCESS, { email: 'gavin@hooli.com', name: 'Gavin Belson', seniority: 'c-level', country: 'DE' });
    expect(await path(s, pi, PROCESS)).toEqual(['lead-captured', 'enrich-lead', 'lead-enriched', 'score-lead', 'route-lead', 'lead-route', 'hand-to-sales', 'lead-routed', 'update-crm', 'lead-qualified']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ score: 90, companyDomain: 'hooli.com', enrichment: { status: 'enriched', company: 'Hooli', employees: 32_000, industry: 'technology' } });
    expect(vars.routing).toMatchObject({ route: 'sales', reason: 'score 70 or above', salesTeam: 'emea', firedRules: ['sales-ready', 'sales-region'] });
    // The score's explanation: the decision table's matched rules.
    expect(await matchedDecisionRules(s, pi)).toEqual([{ decisionId: 'lead-score', output: 90, rules: ['lead-score-base', 'lead-score-large-company', 'lead-score-target-industry', 'lead-score-executive'] }]);
    expect(await firedRules(s, pi)).toEqual({ 'lead-scoring': ['sales-ready', 'sales-region'] });
    expect(await crmLead(vars.crmLeadId)).toMatchObject({ status: 'qualified', score: 90, salesTeam: 'emea', opportunityId: vars.opportunityId, rules: ['sales-ready', 'sales-region'] });
    expect(await calls(s)).toEqual(['POST enrichment/leads 201', 'POST crm/opportunities 201', 'POST crm/leads 201', `GET crm/leads/${String(vars.crmLeadId)} 200`]);
  });

  it('nurtures a mid-score lead and updates the lead already in the CRM', async () => {
    await seed(s, 'crm', 'leads', { id: 'LEAD-7', email: 'wile@acme.com', status: 'new' });
    const pi = await s.start(PROCESS, { email: 'wile@acme.com', name: 'Wile E.', seniority: 'manager', crmLeadId: 'LEAD-7' });
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ score: 55, routing: { route: 'nurture' }, nurtureCampaign: 'nurture-manufacturing', leadStatus: 'nurturing' });
    expect((await path(s, pi, PROCESS)).slice(5, 7)).toEqual(['lead-route', 'add-to-nurture']);
    expect(await crmLead('LEAD-7')).toMatchObject({ status: 'nurturing', score: 55, nurtureCampaign: 'nurture-manufacturing' });
  });

  it('discards a personal address with a low score, and a competitor whatever its score', async () => {
    const personal = await s.start(PROCESS, { email: 'jo@gmail.com', seniority: 'other' });
    const competitor = await s.start(PROCESS, { email: 'cto@rival-bpm.example', seniority: 'c-level' });
    expect(await path(s, personal, PROCESS)).not.toContain('hand-to-sales');
    expect(await s.variables(personal)).toMatchObject({ score: -10, routing: { route: 'discard', reason: 'score below 40' }, leadStatus: 'disqualified' });
    const rival = await s.variables(competitor);
    expect(rival.routing).toMatchObject({ route: 'discard', reason: 'competitor' });
    expect((rival.routing as { firedRules: string[] }).firedRules[0]).toBe('competitor');
  });

  it('scores the lead without firmographics when enrichment stays down', async () => {
    await s.control.fault({ system: 'enrichment', mode: 'fail' });
    const pi = await s.start(PROCESS, { email: 'bill@initech.com', seniority: 'vp' });
    expect((await path(s, pi, PROCESS)).slice(0, 4)).toEqual(['lead-captured', 'enrichment-failed', 'lead-enriched', 'score-lead']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ companyDomain: 'initech.com', score: 40, routing: { route: 'nurture' }, enrichment: { status: 'unavailable' } });
    expect((vars.enrichment as { reason: string }).reason).toContain('gave up after the last retry');
    expect(await calls(s, { system: 'enrichment' })).toEqual(Array(4).fill('POST enrichment/leads 503'));
  });
});
