/**
 * Runs the demo's scenarios on Baton in-process (server/in-process.ts) on the given database,
 * one after the other: they share the engine's virtual clock and the sandbox's faults, so one
 * scenario's SLA jump or injected outage must not reach another's instance. Used by
 * `npm run demo` (scripts/demo.ts) and by test/demo.test.ts.
 */
import type { Knex } from 'knex';
import { VirtualClock } from '../../engine/clock/clock.ts';
import { startInProcess, type InProcessBaton } from '../../server/in-process.ts';
import { problemsOf } from './check.ts';
import { explain, type Explanation } from './explain.ts';
import type { Scenario, ScenarioContext } from './scenario.ts';
import { enterpriseScenarios } from './scenarios-enterprise.ts';
import { orchestratorScenarios } from './scenarios-orchestrator.ts';

export const SCENARIOS: Scenario[] = [...orchestratorScenarios, ...enterpriseScenarios];

export interface ScenarioOutcome {
  scenario: Scenario;
  processInstanceKey?: string;
  explanation?: Explanation;
  notes: string[];
  /** Empty when the scenario ended as it expects. */
  problems: string[];
  wallMs: number;
  virtualMs: number;
}

export interface DemoReport {
  outcomes: ScenarioOutcome[];
  /** Engine, gateway, models, sandbox and workers (the database is the caller's). */
  startupMs: number;
  /** All scenarios, wall time. */
  scenariosMs: number;
}

export interface DemoOptions {
  knex: Knex;
  /** Progress, one line as each scenario starts and ends. */
  log?: (line: string) => void;
  scenarios?: Scenario[];
}

export async function runDemo({ knex, log = () => {}, scenarios = SCENARIOS }: DemoOptions): Promise<DemoReport> {
  const startedAt = performance.now();
  const baton = await startInProcess({ knex, clock: new VirtualClock() });
  const startupMs = performance.now() - startedAt;
  const outcomes: ScenarioOutcome[] = [];
  try {
    for (const [i, scenario] of scenarios.entries()) {
      const tag = `[${String(i + 1).padStart(2)}/${scenarios.length}]`;
      log(`${tag} ▶ ${scenario.name}: ${scenario.story}`);
      const outcome = await runOne(baton, scenario);
      outcomes.push(outcome);
      const end = outcome.explanation?.endEvent;
      log(`${tag} ${outcome.problems.length ? '✘' : '✔'} ${scenario.name} → ${end ? `${end.name} (${end.id})` : 'no end'} in ${(outcome.wallMs / 1000).toFixed(2)} s${outcome.problems.length ? `: ${outcome.problems.join('; ')}` : ''}`);
    }
  } finally {
    await baton.stop();
  }
  return { outcomes, startupMs, scenariosMs: performance.now() - startedAt - startupMs };
}

async function runOne(baton: InProcessBaton, scenario: Scenario): Promise<ScenarioOutcome> {
  const notes: string[] = [];
  const ctx: ScenarioContext = {
    baton,
    note: (text) => void notes.push(text),
    async refused(attempt, pattern, what) {
      const error = await attempt().then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      );
      if (error === undefined || !pattern.test(error)) throw new Error(`expected a refusal (${what}), got ${error ?? 'success'}`);
      notes.push(what);
    },
  };
  await baton.reset();
  const wallStart = performance.now();
  const virtualStart = baton.clock.now();
  let processInstanceKey: string | undefined;
  let explanation: Explanation | undefined;
  let wallMs = 0;
  let virtualMs = 0;
  const problems: string[] = [];
  try {
    processInstanceKey = await scenario.run(ctx);
    // The scenario's own time; reading the story back afterwards is the summary's cost.
    wallMs = performance.now() - wallStart;
    virtualMs = baton.clock.now() - virtualStart;
    explanation = await explain(baton, processInstanceKey);
    problems.push(...problemsOf(scenario, explanation));
  } catch (err) {
    problems.push(`the driver failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Anything a failed scenario left running must not reach the next one's instances.
  if (processInstanceKey && baton.isLive(processInstanceKey)) await baton.engine.cancelProcessInstance(processInstanceKey).catch(() => {});
  return { scenario, processInstanceKey, explanation, notes, problems, wallMs: wallMs || performance.now() - wallStart, virtualMs };
}
