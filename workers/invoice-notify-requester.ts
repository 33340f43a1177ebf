import type { Invoice } from './invoice-extract-fields.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  requester?: string;
  requesterEmail?: string;
  invoice?: Partial<Invoice>;
  postingId?: string;
  rejectionReason?: string;
  decidedBy?: string;
  decisionReason?: string;
}

/** Why the invoice went back: the step that refused it, or the approver's decision. */
export function rejectionOf(v: Input): string {
  if (v.rejectionReason) return v.rejectionReason;
  if (v.decidedBy) return `rejected by ${v.decidedBy}: ${v.decisionReason || 'no reason given'}`;
  return 'rejected';
}

/**
 * Tells whoever submitted the invoice how it ended. The task header `outcome` (posted or
 * rejected) says which end this is; a rejection carries its reason.
 */
const notifyRequester: WorkerModule = {
  taskType: 'invoice.notify-requester',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const v = variablesOf<Input>(job);
        const posted = (job.customHeaders as Record<string, string | undefined>).outcome === 'posted';
        const what = v.invoice?.number ? `Invoice ${v.invoice.number}` : 'Your invoice';
        const rejectionReason = posted ? undefined : rejectionOf(v);
        const body = posted ? `${what} was approved and posted to accounting (${v.postingId}).` : `${what} was returned: ${rejectionReason}.`;
        const to = v.requesterEmail ?? v.requester ?? 'accounts-payable';
        const message = await callSystem('email', 'POST', 'messages', { to, subject: `${what}: ${posted ? 'posted' : 'returned'}`, body }, { idempotencyKey: idempotencyKey(job) });
        return { notificationId: idOf(message, 'e-mail'), ...(rejectionReason ? { rejectionReason } : {}) };
      },
      { maxRetries: 5 },
    ),
};

export default notifyRequester;
