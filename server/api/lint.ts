import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

export interface LintFinding {
  rule: string;
  elementId?: string;
  message: string;
  category: 'error' | 'warn' | 'info';
}

export interface LintReport {
  errors: LintFinding[];
  warnings: LintFinding[];
}

/** bpmnlint's own shapes (it ships CommonJS without declarations for its entry points). */
interface BpmnLinter {
  lint(definitions: unknown): Promise<Record<string, Array<{ id?: string; message: string; category: string }>>>;
}
type LinterConstructor = new (options: { config: { extends: string }; resolver: unknown }) => BpmnLinter;
type ResolverConstructor = new (options: { require: NodeJS.Require }) => unknown;

export const LINT_CONFIG = 'plugin:camunda-compat/camunda-cloud-8-8';

// Resolved from this project rather than the working directory (bpmnlint's default), so the
// linter finds its plugin however Baton is started.
const projectRequire = createRequire(import.meta.url);
const { Linter } = projectRequire('bpmnlint') as { Linter: LinterConstructor };
const NodeResolver = projectRequire('bpmnlint/lib/resolver/node-resolver') as ResolverConstructor;
const linter = new Linter({ config: { extends: LINT_CONFIG }, resolver: new NodeResolver({ require: projectRequire }) });
const moddle = BpmnModdle({ zeebe });

/**
 * Camunda 8.8 compatibility findings for one BPMN document. Unreadable XML is one error;
 * rule crashes ('rule-error') count as errors too, so a broken rule never waves a model through.
 */
export async function lintBpmn(xml: string): Promise<LintReport> {
  let definitions: unknown;
  try {
    ({ rootElement: definitions } = await moddle.fromXML(xml, 'bpmn:Definitions'));
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return { errors: [{ rule: 'xml', message: `not readable as BPMN XML: ${message}`, category: 'error' }], warnings: [] };
  }
  const results = await linter.lint(definitions);
  const report: LintReport = { errors: [], warnings: [] };
  for (const [rule, findings] of Object.entries(results)) {
    for (const f of findings) {
      const category = f.category === 'warn' || f.category === 'info' ? f.category : 'error';
      const finding: LintFinding = { rule, ...(f.id ? { elementId: f.id } : {}), message: f.message, category };
      (category === 'error' ? report.errors : report.warnings).push(finding);
    }
  }
  return report;
}
