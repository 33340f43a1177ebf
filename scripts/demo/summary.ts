/**
 * The demo's printed summary: per scenario the path taken, the agents involved, the decisions
 * and why, the duration and the outcome; then totals and timing. Plain text, wrapped to a
 * terminal's width, so it reads the same in a terminal and in a CI log.
 */
import { brief, type Decision, type PathStep } from './explain.ts';
import { pick } from './check.ts';
import type { DemoReport, ScenarioOutcome } from './run.ts';
import { FAILURE_PATHS } from './scenario.ts';

const WIDTH = 110;
const LABEL = 13;
const INDENT = ' '.repeat(4 + LABEL);

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(2)} s`;
  const h = Math.floor(ms / 3_600_000);
  const min = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.round((ms % 60_000) / 1_000);
  return [h && `${h} h`, min && `${min} min`, s && `${s} s`].filter(Boolean).join(' ');
}

/** Words joined and wrapped at WIDTH; continuation lines start at the value column. */
function wrap(parts: string[], separator: string, firstIndent: string, indent = INDENT): string {
  const lines: string[] = [];
  let line = firstIndent;
  for (const [i, part] of parts.entries()) {
    const piece = i < parts.length - 1 ? part + separator : part;
    if (line.length + piece.length > WIDTH && line.trim()) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += piece;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

const field = (label: string) => `    ${label.padEnd(LABEL)}`;

function pathParts(steps: PathStep[]): string[] {
  return steps.flatMap((s) => {
    const suffix = `${s.times > 1 ? ` ×${s.times}` : ''}${s.interrupted ? ' (interrupted)' : ''}`;
    if (!s.called?.length) return [`${s.label}${suffix}`];
    // A called process's or a sub-process's path, bracketed after the activity that waited for it.
    const inner = pathParts(s.called);
    inner[0] = `${s.label} ⟦ ${inner[0]}`;
    inner[inner.length - 1] = `${inner.at(-1)} ⟧${suffix}`;
    return inner;
  });
}

function decisionLines(decisions: Decision[], notes: string[]): string[] {
  const all = [...decisions, ...notes.map((n): Decision => ({ kind: 'note', what: n, why: '' }))];
  if (!all.length) return [`${field('decisions')}none`];
  return all.map((d, i) => {
    const head = `${i === 0 ? field('decisions') : INDENT}${d.kind.padEnd(6)}`;
    const why = d.why ? (d.kind === 'human' ? ` — ${d.why}` : ` — because ${d.why}`) : '';
    return wrap(`${d.what}${why}`.split(' '), ' ', head, `${INDENT}${' '.repeat(6)}`);
  });
}

function scenarioBlock(o: ScenarioOutcome, index: number): string {
  const e = o.explanation;
  const verdict = o.problems.length ? '✘ NOT as expected' : '✔ as expected';
  const paths = (o.scenario.failurePaths ?? []).map((p) => FAILURE_PATHS[p]);
  const lines = [
    `${String(index + 1).padStart(2)}. ${o.scenario.name}  ${verdict}${paths.length ? `  [${paths.join(', ')}]` : ''}`,
    `${field('story')}${o.scenario.story}`,
  ];
  if (e) {
    lines.push(wrap(pathParts(e.path), ' → ', field('path')));
    lines.push(`${field('agents')}${e.agents.join(', ')}`);
    lines.push(...decisionLines(e.decisions, o.notes));
    const c = e.counts;
    const extra = [
      c.instances > 1 && `${c.instances} instances`,
      `${c.jobsCompleted} jobs`,
      c.jobFailures && `${c.jobFailures} failed attempt(s) retried`,
      c.incidentsRaised && `${c.incidentsRaised} incident(s), ${c.incidentsResolved} resolved`,
      c.compensations && `compensation triggered ×${c.compensations}`,
      c.timersFired && `${c.timersFired} timer(s) fired`,
    ].filter(Boolean);
    lines.push(`${field('duration')}${formatDuration(o.wallMs)} wall, ${o.virtualMs ? formatDuration(o.virtualMs) : '0'} virtual; ${extra.join(', ')}`);
    const shown = o.scenario.show.map((k) => `${k}=${brief(pick(e.variables, k), 48)}`);
    const end = e.endEvent ? `end "${e.endEvent.name}" (${e.endEvent.id})` : 'no end event';
    lines.push(wrap([end, ...shown], ' · ', field('outcome')));
  }
  if (o.problems.length) lines.push(...o.problems.map((p, i) => `${i === 0 ? field('problems') : INDENT}${p}`));
  return lines.join('\n');
}

export function formatReport(report: DemoReport, timing: { databaseMs?: number } = {}): string {
  const { outcomes } = report;
  const ok = outcomes.filter((o) => !o.problems.length).length;
  const sum = (f: (o: ScenarioOutcome) => number) => outcomes.reduce((n, o) => n + f(o), 0);
  const instances = sum((o) => o.explanation?.counts.instances ?? 0);
  const completed = sum((o) => o.explanation?.counts.instancesCompleted ?? 0);
  const shownPaths = new Set(outcomes.filter((o) => !o.problems.length).flatMap((o) => o.scenario.failurePaths ?? []));
  const rule = '─'.repeat(WIDTH);
  return [
    rule,
    ...outcomes.map((o, i) => `${scenarioBlock(o, i)}\n`),
    rule,
    `Totals      ${outcomes.length} scenarios, ${ok} ended as expected; ${instances} process instances (called ones included),` +
      ` completion rate ${Math.round((100 * completed) / Math.max(instances, 1))} % (${completed}/${instances})`,
    `            ${sum((o) => o.explanation?.counts.jobsCompleted ?? 0)} jobs completed, ${sum((o) => o.explanation?.counts.jobFailures ?? 0)} failed attempts retried;` +
      ` incidents raised ${sum((o) => o.explanation?.counts.incidentsRaised ?? 0)}, resolved ${sum((o) => o.explanation?.counts.incidentsResolved ?? 0)}`,
    `            failure paths shown: ${[...shownPaths].map((p) => FAILURE_PATHS[p]).join(', ') || 'none'}`,
    `Timing      ${timing.databaseMs === undefined ? '' : `database ${formatDuration(timing.databaseMs)}, `}Baton start-up ${formatDuration(report.startupMs)},` +
      ` scenarios ${formatDuration(report.scenariosMs)} wall (${formatDuration(sum((o) => o.virtualMs))} virtual)`,
  ].join('\n');
}
