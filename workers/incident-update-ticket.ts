import { callSystem } from './lib/external.ts';
import { runJob, type Variables } from './lib/run-job.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  ticketId: string;
  cause?: string;
  severityAssessment?: { severity?: string; firedRules?: string[] };
  remediation?: { attempted?: boolean; succeeded?: boolean; runbook?: string };
  resolution?: { rootCause?: string; action?: string };
  logs?: Variables;
  metrics?: Variables;
  relatedTickets?: { available?: boolean; ids?: string[] };
}

/**
 * Incident manager (`incident.update-ticket`): writes the findings to the ticket (severity, root
 * cause, metrics, related incidents, what fixed it) and closes it; `incidentOutcome` says who
 * fixed it. PATCH is idempotent by nature: a retry writes the same.
 */
export function findings(v: Input): Variables {
  const remediated = v.remediation?.succeeded === true;
  return {
    status: 'resolved',
    severity: v.severityAssessment?.severity ?? 'unknown',
    severityRules: v.severityAssessment?.firedRules ?? [],
    rootCause: v.resolution?.rootCause ?? v.cause ?? 'unknown',
    fixedBy: remediated ? `runbook ${v.remediation?.runbook ?? '?'}` : (v.resolution?.action ?? 'on-call'),
    metrics: v.metrics ?? { available: false },
    logs: v.logs ?? { available: false },
    relatedIncidents: v.relatedTickets?.available ? (v.relatedTickets.ids ?? []) : 'unavailable',
  };
}

const updateTicket: WorkerModule = {
  taskType: 'incident.update-ticket',
  taskHandler: (job) =>
    runJob(
      job,
      async () => {
        const v = job.variables as unknown as Input;
        await callSystem('ticketing', 'PATCH', `tickets/${encodeURIComponent(v.ticketId)}`, findings(v));
        return { incidentOutcome: v.remediation?.succeeded === true ? 'remediated' : 'resolved-by-on-call' };
      },
      { maxRetries: 5 },
    ),
};

export default updateTicket;
