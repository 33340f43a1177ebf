import type { Invoice } from './invoice-extract-fields.ts';
import { callSystem, ExternalError } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface PurchaseOrder {
  id: string;
  vendor: string;
  amount: number;
  currency?: string;
  status?: string;
}

/** An invoice may exceed its order by this share (rounding, small freight), no more. */
export const TOLERANCE = 0.02;

/** Why the invoice does not match its purchase order, or undefined when it does. */
export function mismatchOf(invoice: Invoice, po: PurchaseOrder): string | undefined {
  if (po.status === 'closed') return `purchase order ${po.id} is closed`;
  if (po.vendor.trim().toLowerCase() !== invoice.vendor.trim().toLowerCase()) return `vendor ${invoice.vendor} does not match ${po.vendor} on purchase order ${po.id}`;
  if (po.currency && po.currency !== invoice.currency) return `currency ${invoice.currency} does not match ${po.currency} on purchase order ${po.id}`;
  if (invoice.amount > po.amount * (1 + TOLERANCE)) return `amount ${invoice.amount} exceeds the ${po.amount} ordered on purchase order ${po.id}`;
  return undefined;
}

/**
 * Validates the invoice against its purchase order in accounting. No order, or an invoice that
 * does not match it, is PO_MISMATCH with the reason (the invoice goes back); accounting being
 * down is retried with back-off.
 */
const matchPurchaseOrder: WorkerModule = {
  taskType: 'invoice.match-purchase-order',
  taskHandler: async (job) => {
    const { invoice } = variablesOf<{ invoice: Invoice }>(job);
    const mismatch = (rejectionReason: string) => job.error({ errorCode: 'PO_MISMATCH', errorMessage: rejectionReason, variables: { rejectionReason } });
    let po: PurchaseOrder;
    try {
      po = await callSystem<PurchaseOrder>('accounting', 'GET', `purchase-orders/${encodeURIComponent(invoice.poNumber)}`);
    } catch (err) {
      if (err instanceof ExternalError && err.status === 404) return mismatch(`there is no purchase order ${invoice.poNumber}`);
      return withExternalErrors(job, () => Promise.reject(err), { maxRetries: 5 });
    }
    const problem = mismatchOf(invoice, po);
    if (problem) return mismatch(problem);
    return job.complete({ purchaseOrder: { id: po.id, vendor: po.vendor, amount: po.amount } });
  },
};

export default matchPurchaseOrder;
