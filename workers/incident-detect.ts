import { callSystem, idempotencyKey } from './lib/external.ts';
import { runJob, type Variables } from './lib/run-job.ts';
import type { Alert, Impact } from './lib/incident.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  alertId?: string;
  service?: string;
  title?: string;
  incidentSummary?: string;
  impact?: string;
  affectedUsers?: number;
  knownCause?: boolean;
  dataLoss?: boolean;
  securityRelated?: boolean;
  urgency?: string;
  businessKey?: string;
}

const IMPACTS: Impact[] = ['outage', 'degraded', 'minor', 'none'];
/** An alert's or requester's severity word, read as impact when nobody stated one. */
const IMPACT_OF: Record<string, Impact> = { critical: 'outage', high: 'degraded', medium: 'degraded', normal: 'minor', low: 'minor' };

/**
 * Incident manager (`incident.detect`): turns an alert (monitoring/alerts/:alertId) or a
 * reported incident into the facts the severity rules need (impact, affectedUsers,
 * knownCause, ...) and opens the incident's ticket, once.
 */
export function incidentFacts(v: Input, alert: Alert | undefined): Variables {
  const stated = v.impact?.toLowerCase();
  const impact: Impact = IMPACTS.includes(stated as Impact) ? (stated as Impact) : (IMPACT_OF[alert?.severity ?? v.urgency ?? 'normal'] ?? 'minor');
  return {
    service: v.service ?? alert?.service ?? 'unknown',
    impact,
    affectedUsers: Number.isInteger(v.affectedUsers) && (v.affectedUsers ?? 0) >= 0 ? v.affectedUsers : 0,
    knownCause: v.knownCause ?? alert?.knownCause ?? false,
    dataLoss: v.dataLoss ?? false,
    securityRelated: v.securityRelated ?? false,
    cause: alert?.cause ?? 'unknown',
    runbook: alert?.runbook ?? null,
    incidentSummary: v.incidentSummary ?? alert?.message ?? v.title ?? 'incident',
  };
}

const detect: WorkerModule = {
  taskType: 'incident.detect',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const v = job.variables as Input;
        const alert = v.alertId ? await callSystem<Alert>('monitoring', 'GET', `alerts/${encodeURIComponent(v.alertId)}`) : undefined;
        const facts = incidentFacts(v, alert);
        const ticket = await callSystem<{ id: string }>(
          'ticketing',
          'POST',
          'tickets',
          { type: 'incident', status: 'open', title: facts.incidentSummary, service: facts.service, impact: facts.impact, alertId: v.alertId ?? null, businessKey: v.businessKey ?? null },
          { idempotencyKey: idempotencyKey(job) },
        );
        return { ...facts, ticketId: ticket.id, remediation: { attempted: false, succeeded: false } };
      },
      { maxRetries: 5 },
    ),
};

export default detect;
