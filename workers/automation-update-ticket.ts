import type { RootCause } from './automation-determine-root-cause.ts';
import { callSystem } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  ticketId: string;
  classification: { severity: string; firedRules: string[] };
  rootCause: RootCause;
  metricFindings: Record<string, unknown>;
  logFindings: Record<string, unknown>;
  relatedIncidents: { status: string; tickets: Array<{ id: string }> };
  remediation?: { status: string };
  page?: { id: string };
}

/**
 * Writes the findings onto the ticket: severity (and the rules that set it), root cause,
 * metrics, logs, related incidents, what remediation did and who was paged. PATCH is
 * idempotent, so a retry is harmless; a ticketing system that stays down becomes an incident
 * an operator resolves once it is back.
 */
const updateTicket: WorkerModule = {
  taskType: 'automation.update-ticket',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const v = variablesOf<Input>(job);
        const status = v.remediation?.status === 'succeeded' ? 'mitigated' : v.page ? 'escalated' : 'triaged';
        await callSystem('ticketing', 'PATCH', `tickets/${encodeURIComponent(v.ticketId)}`, {
          status,
          severity: v.classification.severity,
          severityRules: v.classification.firedRules,
          rootCause: v.rootCause,
          metrics: v.metricFindings,
          logs: v.logFindings,
          relatedIncidents: v.relatedIncidents.tickets.map((t) => t.id),
          ...(v.remediation ? { remediation: v.remediation } : {}),
          ...(v.page ? { pageId: v.page.id } : {}),
        });
        return { ticketStatus: status };
      },
      { maxRetries: 5 },
    ),
};

export default updateTicket;
