import type { Invoice } from './invoice-extract-fields.ts';
import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  invoice: Invoice;
  approvalLevel: string;
  /** Set by the engine when an approval task was decided. */
  decidedBy?: string;
  approvers?: string[];
}

/** Who approved the posting: both four-eyes approvers, the single approver, or the rules. */
export function approvedBy({ approvalLevel, decidedBy, approvers }: Input): string[] {
  if (approvalLevel === 'auto') return ['auto-approval (DMN invoice-approval)'];
  return approvers ?? (decidedBy ? [decidedBy] : []);
}

/** Posts the approved invoice to accounting, once (the idempotency key survives retries). */
const postToAccounting: WorkerModule = {
  taskType: 'invoice.post-to-accounting',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const input = variablesOf<Input>(job);
        const { number, poNumber, vendor, amount, currency, dueDate } = input.invoice;
        const posting = await callSystem(
          'accounting',
          'POST',
          'invoices',
          { number, poNumber, vendor, amount, currency, dueDate, approvalLevel: input.approvalLevel, approvedBy: approvedBy(input) },
          { idempotencyKey: idempotencyKey(job) },
        );
        return { postingId: idOf(posting, 'accounting posting') };
      },
      { maxRetries: 5 },
    ),
};

export default postToAccounting;
