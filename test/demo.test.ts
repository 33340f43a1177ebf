import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOfJobType } from '../scripts/demo/agents.ts';
import { pick } from '../scripts/demo/check.ts';
import { runDemo, type DemoReport } from '../scripts/demo/run.ts';
import type { FailurePath } from '../scripts/demo/scenario.ts';
import { formatReport } from '../scripts/demo/summary.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * `npm run demo`'s scenarios, run in-process exactly as the script runs them (runDemo), on a
 * test database: every scenario ends as it declares, and together they cover what SCENARIOS.md
 * asks of the demo.
 */
describe('demo', () => {
  let db: TestDatabase;
  let report: DemoReport;
  beforeAll(async () => {
    db = await createTestDatabase();
    report = await runDemo({ knex: db.knex });
  }, 60_000);
  afterAll(async () => db?.drop());

  it('every scenario ends as it expects', () => {
    const failed = report.outcomes.filter((o) => o.problems.length).map((o) => `${o.scenario.name}: ${o.problems.join('; ')}`);
    expect(failed).toEqual([]);
    expect(report.outcomes.every((o) => o.explanation?.completed)).toBe(true);
  });

  it('routes the master orchestrator to each process type and runs every enterprise workflow', () => {
    const routes = report.outcomes.map((o) => pick(o.explanation?.variables ?? {}, 'classification.route')).filter((r) => typeof r === 'string');
    expect(new Set(routes)).toEqual(new Set(['approval', 'data-migration', 'quality-assurance', 'incident-response']));
    const started = report.outcomes.map((o) => o.explanation?.path[0]?.label);
    expect(started).toEqual(expect.arrayContaining(['Onboarding requested', 'Incident reported', 'Pipeline run requested', 'Invoice received', 'Audit requested', 'Lead captured']));
  });

  it('shows each failure path at least once, with evidence in the record log', () => {
    const shown = new Set(report.outcomes.flatMap((o) => o.scenario.failurePaths ?? []));
    const all: FailurePath[] = ['retry', 'compensation', 'partial', 'escalation', 'rejection', 'incident'];
    expect([...shown].sort()).toEqual([...all].sort());
    const totals = report.outcomes.reduce((t, o) => ({ raised: t.raised + (o.explanation?.counts.incidentsRaised ?? 0), resolved: t.resolved + (o.explanation?.counts.incidentsResolved ?? 0) }), { raised: 0, resolved: 0 });
    expect(totals.raised).toBeGreaterThan(0);
    expect(totals.resolved).toBe(totals.raised);
  });

  it('explains decisions: fired rules with their facts, DMN matches with their inputs, who decided and why', () => {
    const decisions = report.outcomes.flatMap((o) => o.explanation?.decisions ?? []);
    expect(decisions).toEqual(
      expect.arrayContaining([
        { kind: 'rules', what: 'request-classification v1 → route=approval, priority=normal', why: 'fired type-approval (requestType = purchase); has-amount (amount = 4200)' },
        expect.objectContaining({ kind: 'DMN', what: 'lead-score v1 → 90', why: expect.stringContaining('matched lead-score-base') }),
        { kind: 'human', what: 'diana rejected "Approve request"', why: '"no budget left this quarter"' },
      ]),
    );
    // Four-eyes: no requester ever decided a human task.
    const requesters = new Set(['alice', 'sam.sales', 'rick.requester']);
    expect(decisions.filter((d) => d.kind === 'human' && requesters.has(d.what.split(' ')[0]!))).toEqual([]);
  });

  it('maps every job type of every model to one of the eight agents', async () => {
    const types = new Set<string>();
    for (const file of (await fs.readdir(path.join(ROOT, 'bpmn'))).filter((f) => f.endsWith('.bpmn') && f !== 'welcome.bpmn')) {
      for (const m of (await fs.readFile(path.join(ROOT, 'bpmn', file), 'utf8')).matchAll(/zeebe:taskDefinition type="([^"]+)"/g)) types.add(m[1]!);
    }
    expect([...types].filter((t) => !agentOfJobType(t))).toEqual([]);
  });

  it('prints a summary with every scenario and the totals', () => {
    const text = formatReport(report);
    for (const o of report.outcomes) expect(text).toContain(o.scenario.name);
    expect(text).toMatch(/Totals +\d+ scenarios, \d+ ended as expected/);
    expect(text).toContain('incidents raised 1, resolved 1');
  });
});
