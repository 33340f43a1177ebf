import type { Finding } from './audit-record-findings.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

/** The daily reminder while findings wait for a security officer (each reminder sent once). */
const remindReviewers: WorkerModule = {
  taskType: 'audit.remind-reviewers',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { auditId, scope, findings } = variablesOf<{ auditId: string; scope: string; findings: Finding[] }>(job);
        const text = `Security audit ${auditId} (${scope}): ${findings.length} finding(s) still wait for review by a security officer.`;
        const message = await callSystem('chat', 'POST', 'messages', { channel: '#security-officers', text }, { idempotencyKey: idempotencyKey(job) });
        return { lastReminderId: idOf(message, 'chat message') };
      },
      { maxRetries: 3 },
    ),
};

export default remindReviewers;
