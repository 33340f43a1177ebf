import pino, { type Logger } from 'pino';
import { RulesError, getDefaultRegistry, type Evaluation, type RuleRegistry } from '../rules/index.ts';
import type { WorkerModule } from './worker-module.ts';

/**
 * The built-in rules worker (task type `baton.rules`). A service task names the rule set in
 * its task headers:
 *
 *   <zeebe:taskHeaders>
 *     <zeebe:header key="ruleSet" value="approval-chain" />
 *     <zeebe:header key="version" value="3" />            optional: pin a version (or content hash)
 *     <zeebe:header key="resultVariable" value="decision" /> optional, default "decision"
 *   </zeebe:taskHeaders>
 *
 * and the job completes with `{ [resultVariable]: { ...outcome, firedRules, ruleSet, version } }`.
 * A problem with the rule set or the facts is not something the process can handle or a
 * retry can fix, so it fails the job with no retries left: an incident naming the problem,
 * which an operator resolves after fixing the data or deploying a rule set.
 */

/** The job the evaluation was made for, so the audit trail can attach it to the instance. */
export interface RuleAuditJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  worker: string;
}

export interface RuleAuditEntry {
  evaluation: Evaluation;
  job: RuleAuditJob;
}

/** Receives the explanation of every evaluation before the job completes. */
export interface RuleAuditSink {
  record(entry: RuleAuditEntry): void | Promise<void>;
}

/** The default sink: one pino debug line per evaluation. */
export function pinoAuditSink(logger: Logger = pino({ name: 'baton-rules', level: process.env.LOG_LEVEL ?? 'info' })): RuleAuditSink {
  return {
    record(entry) {
      logger.debug({ ruleEvaluation: entry }, `rule set ${entry.evaluation.ruleSetId} v${entry.evaluation.version} fired ${entry.evaluation.fired.length} rule(s)`);
    },
  };
}

export interface RulesWorkerOptions {
  /** The registry to evaluate with (default: the shared one with rules/ loaded). */
  registry?: RuleRegistry | (() => Promise<RuleRegistry>);
  sink?: RuleAuditSink;
}

export const RULES_TASK_TYPE = 'baton.rules';

let defaultSink: RuleAuditSink | undefined;

/**
 * Where workers without their own sink record explanations: the host sets the audit trail on
 * the embedded engine; elsewhere (a Zeebe cluster) they go to the log.
 */
export function setDefaultRuleAuditSink(sink: RuleAuditSink | undefined): void {
  defaultSink = sink;
}
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function createRulesWorker(options: RulesWorkerOptions = {}): WorkerModule {
  const { registry } = options;
  const getRegistry = typeof registry === 'function' ? registry : registry ? async () => registry : getDefaultRegistry;
  let sink: RuleAuditSink | undefined = options.sink;
  return {
    taskType: RULES_TASK_TYPE,
    taskHandler: async (job) => {
      const headers = job.customHeaders as Record<string, string | undefined>;
      const where = `${RULES_TASK_TYPE} task '${job.elementId}'`;
      const ruleSet = headers.ruleSet?.trim();
      if (!ruleSet) return job.fail({ errorMessage: `${where} has no 'ruleSet' task header naming the rule set to evaluate`, retries: 0 });
      const resultVariable = headers.resultVariable?.trim() || 'decision';
      if (!VARIABLE_NAME.test(resultVariable)) return job.fail({ errorMessage: `${where}: resultVariable '${resultVariable}' is not a valid variable name`, retries: 0 });

      let evaluation: Evaluation;
      try {
        evaluation = await (await getRegistry()).evaluate(ruleSet, headers.version?.trim() || undefined, job.variables as Record<string, unknown>);
      } catch (err) {
        // Rule set and fact problems need a person; anything else (a store that is down) may pass.
        if (err instanceof RulesError) return job.fail({ errorMessage: err.message, retries: 0 });
        return job.fail({ errorMessage: `${where}: evaluating rule set '${ruleSet}' failed: ${(err as Error).message}`, retries: Math.max(job.retries - 1, 0), retryBackOff: 1000 });
      }

      try {
        await (sink ?? defaultSink ?? (sink = pinoAuditSink())).record({ evaluation, job: auditJob(job) });
      } catch (err) {
        // A decision that cannot be recorded is not made: retry rather than complete unrecorded.
        return job.fail({ errorMessage: `${where}: recording the evaluation failed: ${(err as Error).message}`, retries: Math.max(job.retries - 1, 0), retryBackOff: 1000 });
      }

      return job.complete({
        [resultVariable]: { ...evaluation.outcome, firedRules: evaluation.fired.map((f) => f.rule), ruleSet: evaluation.ruleSetId, version: evaluation.version },
      });
    },
  };
}

function auditJob(job: RuleAuditJob): RuleAuditJob {
  const { key, type, processInstanceKey, bpmnProcessId, processDefinitionVersion, elementId, elementInstanceKey, worker } = job;
  return { key, type, processInstanceKey, bpmnProcessId, processDefinitionVersion, elementId, elementInstanceKey, worker };
}

export default createRulesWorker();
