import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

export interface Invoice {
  number: string;
  poNumber: string;
  vendor: string;
  amount: number;
  currency: string;
  dueDate?: string;
}

/** Labels an invoice's text uses for each field (lines read "Label: value"). */
const LABELS: Record<keyof Invoice, RegExp> = {
  number: /^(invoice(?: number| no\.?| #)?)\s*:\s*(.+)$/im,
  poNumber: /^(po|purchase order|order)(?: number| no\.?)?\s*:\s*(.+)$/im,
  vendor: /^(vendor|supplier|from)\s*:\s*(.+)$/im,
  amount: /^(amount|total|amount due)\s*:\s*(.+)$/im,
  currency: /^(currency)\s*:\s*(.+)$/im,
  dueDate: /^(due|due date|payable by)\s*:\s*(.+)$/im,
};

const WHAT: Record<string, string> = { number: 'invoice number', poNumber: 'purchase order number', vendor: 'vendor', amount: 'amount' };

/** "12,500.00 EUR" → { amount: 12500, currency: 'EUR' } (comma as thousands separator). */
function money(text: string): { amount?: number; currency?: string } {
  const match = /^([A-Z]{3})?\s*([\d,]+(?:\.\d{1,2})?)\s*([A-Z]{3})?$/.exec(text.trim());
  if (!match) return {};
  const amount = Number(match[2]!.replace(/,/g, ''));
  return { amount: Number.isFinite(amount) ? amount : undefined, currency: match[1] ?? match[3] };
}

/** The invoice's fields from its text, and the ones that could not be read. */
export function extractInvoice(document: string): { invoice: Partial<Invoice>; missing: string[] } {
  const field = (key: keyof Invoice) => LABELS[key].exec(document)?.[2]?.trim();
  const { amount, currency } = money(field('amount') ?? '');
  const invoice: Partial<Invoice> = { number: field('number'), poNumber: field('poNumber'), vendor: field('vendor'), amount, currency: field('currency') ?? currency ?? 'EUR' };
  const due = field('dueDate');
  if (due) invoice.dueDate = due;
  const missing = Object.keys(WHAT).filter((k) => invoice[k as keyof Invoice] === undefined).map((k) => WHAT[k]!);
  return { invoice, missing };
}

/**
 * Reads the invoice's fields from its text. An invoice the fields cannot be read from is
 * returned to the requester (INVOICE_UNREADABLE with the reason): retrying cannot help.
 */
const extractFields: WorkerModule = {
  taskType: 'invoice.extract-fields',
  taskHandler: (job) => {
    const { document } = variablesOf<{ document?: string }>(job);
    if (typeof document !== 'string' || !document.trim()) {
      return job.error({ errorCode: 'INVOICE_UNREADABLE', errorMessage: 'no invoice text', variables: { rejectionReason: 'the invoice has no text to read' } });
    }
    const { invoice, missing } = extractInvoice(document);
    if (missing.length) {
      const rejectionReason = `could not read the ${missing.join(', ')} from the invoice`;
      return job.error({ errorCode: 'INVOICE_UNREADABLE', errorMessage: rejectionReason, variables: { rejectionReason } });
    }
    return job.complete({ invoice: { ...invoice } });
  },
};

export default extractFields;
