import type { Alert } from './automation-read-alert.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  alert: Alert;
  logFindings: { status: string; cause?: string; errors?: string[] };
  metricFindings: { status: string; metric?: string; last?: number; threshold?: number; breached?: boolean };
  relatedIncidents: { status: string; tickets: Array<{ id: string }> };
}

export interface RootCause {
  cause: string;
  /** The runbook that remediates the cause automatically, if there is one. */
  runbook: string | null;
  confidence: 'high' | 'medium' | 'low';
  evidence: string[];
}

/**
 * Puts the findings together. The cause the logs show is trusted most; when monitoring names
 * the same cause the confidence is high, and only then is its runbook offered for automatic
 * remediation (a runbook for a guessed cause could make things worse).
 */
export function rootCauseOf({ alert, logFindings, metricFindings, relatedIncidents }: Input): RootCause {
  const evidence: string[] = [];
  if (logFindings.status === 'ok') evidence.push(...(logFindings.errors ?? []).slice(0, 3).map((e) => `log: ${e}`));
  else evidence.push('logs unavailable');
  if (metricFindings.status === 'ok') evidence.push(`metric ${metricFindings.metric} at ${metricFindings.last} (threshold ${metricFindings.threshold})`);
  else evidence.push('metrics unavailable');
  if (relatedIncidents.tickets.length) evidence.push(`${relatedIncidents.tickets.length} related incident(s): ${relatedIncidents.tickets.map((t) => t.id).join(', ')}`);

  const fromLogs = logFindings.cause;
  const fromAlert = alert.cause && alert.cause !== 'unknown' ? alert.cause : undefined;
  if (fromLogs && fromLogs === fromAlert) return { cause: fromLogs, runbook: alert.runbook ?? null, confidence: 'high', evidence };
  if (fromLogs) return { cause: fromLogs, runbook: null, confidence: 'medium', evidence };
  if (fromAlert) return { cause: fromAlert, runbook: null, confidence: metricFindings.breached ? 'medium' : 'low', evidence };
  return { cause: 'unknown', runbook: null, confidence: 'low', evidence };
}

const determineRootCause: WorkerModule = {
  taskType: 'automation.determine-root-cause',
  taskHandler: (job) => job.complete({ rootCause: { ...rootCauseOf(variablesOf<Input>(job)) } }),
};

export default determineRootCause;
