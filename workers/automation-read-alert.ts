import { callSystem } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  alertId?: string;
  /** Given by whoever reported the incident; otherwise derived from the alert. */
  impact?: string;
  affectedUsers?: number;
}

export interface Alert {
  id: string;
  service: string;
  metric: string;
  severity: string;
  cause?: string;
  runbook?: string | null;
  message: string;
  affectedUsers?: number;
}

/** Monitoring's alert severity, read as the impact rule set incident-severity expects. */
const IMPACT: Record<string, string> = { critical: 'outage', high: 'degraded', medium: 'degraded', low: 'minor' };

/**
 * Reads the monitoring alert the incident is about: the facts the rest of the process uses
 * (service, impact, affected users). What the reporter said wins over what monitoring guesses.
 */
const readAlert: WorkerModule = {
  taskType: 'automation.read-alert',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { alertId, impact, affectedUsers } = variablesOf<Input>(job);
        // A start without an alert id is a modelling or client error: an incident says so.
        if (!alertId) throw new Error('alertId is required: which monitoring alert is this incident about?');
        const alert = await callSystem<Alert>('monitoring', 'GET', `alerts/${encodeURIComponent(alertId)}`);
        return {
          alert,
          service: alert.service,
          impact: impact ?? IMPACT[alert.severity] ?? 'minor',
          affectedUsers: affectedUsers ?? alert.affectedUsers ?? 0,
        };
      },
      { maxRetries: 5 },
    ),
};

export default readAlert;
