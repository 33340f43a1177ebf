import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';

/**
 * Every shipped model lints clean: Camunda 8.8 compatibility (the rules the REST API applies
 * before deploying) plus bpmnlint's recommended modelling rules, which also check that every
 * element has a diagram shape (no-bpmndi) and that shapes do not overlap. Warnings count too:
 * a shipped model is an example people copy.
 */

// bpmnlint ships CommonJS without declarations for these entry points.
interface LintFinding {
  id?: string;
  message: string;
  category: string;
}
interface BpmnLinter {
  lint(definitions: unknown): Promise<Record<string, LintFinding[]>>;
}
type LinterConstructor = new (options: { config: { extends: string[] }; resolver: unknown }) => BpmnLinter;
type ResolverConstructor = new (options: { require: NodeJS.Require }) => unknown;

// Resolved from this project, not the working directory (bpmnlint's default resolver).
const projectRequire = createRequire(import.meta.url);
const { Linter } = projectRequire('bpmnlint') as { Linter: LinterConstructor };
const NodeResolver = projectRequire('bpmnlint/lib/resolver/node-resolver') as ResolverConstructor;

const CONFIG = ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'];
const BPMN_DIR = path.resolve('bpmn');

describe('shipped BPMN models', async () => {
  const files = (await fs.readdir(BPMN_DIR)).filter((f) => f.endsWith('.bpmn')).sort();
  const moddle = BpmnModdle({ zeebe });

  it('are there', () => {
    expect(files).toEqual(expect.arrayContaining(['master-orchestrator.bpmn', 'approval.bpmn', 'data-migration.bpmn', 'quality-assurance.bpmn', 'incident-response.bpmn']));
  });

  it.each(files)('%s reads without warnings and lints clean', async (file) => {
    const { rootElement, warnings } = await moddle.fromXML(await fs.readFile(path.join(BPMN_DIR, file), 'utf8'), 'bpmn:Definitions');
    expect(warnings.map((w) => w.message)).toEqual([]);
    // A linter per file: bpmnlint caches rule instances, and some rules (no-duplicate-sequence-flows)
    // keep state between runs, reporting ids that merely repeat across files.
    const linter = new Linter({ config: { extends: CONFIG }, resolver: new NodeResolver({ require: projectRequire }) });
    const results = await linter.lint(rootElement);
    const findings = Object.entries(results).flatMap(([rule, list]) => list.map((f) => `${f.category} ${rule} ${f.id ?? ''}: ${f.message}`));
    expect(findings).toEqual([]);
  });
});
