import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calls, matchedDecisionRules, path, record, seed, userTaskTrail } from './enterprise-support.ts';
import { startScenarioHarness, type ScenarioHarness } from './support/scenario-harness.ts';

const PROCESS = 'invoice-processing';

const invoiceText = (amount: string, po = 'PO-7') => `ACME SUPPLIES GMBH\nInvoice number: INV-1001\nPurchase order: ${po}\nVendor: Acme Supplies\nAmount: ${amount} EUR\nDue: 2026-02-15\n`;

/**
 * Invoice processing (bpmn/invoice-processing.bpmn) end to end: purchase orders and postings in
 * the sandbox's accounting, approvals decided by named people through the engine, which
 * enforces four-eyes (the submitter never approves; two different approvers above 10,000).
 */
describe('enterprise workflow: invoice processing', () => {
  let s: ScenarioHarness;
  beforeAll(async () => {
    s = await startScenarioHarness();
  });
  afterAll(async () => s?.stop());
  beforeEach(async () => {
    await s.reset();
    await seed(s, 'accounting', 'purchase-orders', { id: 'PO-7', vendor: 'Acme Supplies', amount: 30_000, currency: 'EUR' });
  });

  const AP = ['accounts-payable'];
  const FINANCE = ['finance-approvers'];
  const start = (amount: string, po?: string) => s.start(PROCESS, { document: invoiceText(amount, po), requester: 'rick.requester' });
  const posting = (id: unknown) => record(s, 'accounting', 'invoices', id);

  it('posts a small invoice matched to its order without an approver', async () => {
    const pi = await start('480.00');
    expect(await path(s, pi, PROCESS)).toEqual(['invoice-received', 'extract-fields', 'match-purchase-order', 'determine-approval', 'approval-level', 'ready-to-post', 'post-invoice', 'notify-posted', 'invoice-posted']);
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ approvalLevel: 'auto', invoice: { number: 'INV-1001', poNumber: 'PO-7', vendor: 'Acme Supplies', amount: 480, currency: 'EUR', dueDate: '2026-02-15' } });
    expect(await posting(vars.postingId)).toMatchObject({ number: 'INV-1001', amount: 480, approvedBy: ['auto-approval (DMN invoice-approval)'] });
    expect(await matchedDecisionRules(s, pi)).toEqual([{ decisionId: 'invoice-approval', output: 'auto', rules: ['invoice-auto'] }]);
  });

  it('needs one approver from accounts payable for a mid-sized invoice, never the submitter', async () => {
    const pi = await start('4,200.00');
    const task = s.task(pi, 'approve-invoice');
    expect(task.candidateGroups).toEqual(AP);
    await expect(s.decide(task, 'rick.requester', AP, 'approve')).rejects.toThrow(/four-eyes/);
    await s.decide(task, 'alice.ap', AP, 'approve');
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ approvalLevel: 'single', decision: 'approved', decidedBy: 'alice.ap' });
    expect(await posting(vars.postingId)).toMatchObject({ approvedBy: ['alice.ap'] });
    expect((await path(s, pi, PROCESS)).slice(4)).toEqual(['approval-level', 'approve-invoice', 'invoice-decided', 'invoice-approved', 'ready-to-post', 'post-invoice', 'notify-posted', 'invoice-posted']);
  });

  it('needs two different finance approvers above 10,000 (four-eyes)', async () => {
    const pi = await start('25,000.00');
    await s.decide(s.task(pi, 'approve-invoice-four-eyes'), 'fiona.finance', FINANCE, 'approve', { reason: 'matches PO-7' });
    // The first approval is recorded; the task is back in the pool for a second, different approver.
    const again = s.task(pi, 'approve-invoice-four-eyes');
    expect(again.assignee).toBe('');
    expect(again.approvals?.map((a) => a.by)).toEqual(['fiona.finance']);
    await expect(s.decide(again, 'fiona.finance', FINANCE, 'approve')).rejects.toThrow(/already approved/);
    await s.decide(again, 'gary.finance', FINANCE, 'approve', { reason: 'ok' });
    const vars = await s.variables(pi);
    expect(vars).toMatchObject({ approvalLevel: 'four-eyes', decision: 'approved', approvers: ['fiona.finance', 'gary.finance'] });
    expect(await posting(vars.postingId)).toMatchObject({ amount: 25_000, approvedBy: ['fiona.finance', 'gary.finance'] });
    // Who approved, from the record log.
    expect(await userTaskTrail(s, pi)).toEqual([
      'approve-invoice-four-eyes CREATED',
      'approve-invoice-four-eyes ASSIGNED claim fiona.finance',
      'approve-invoice-four-eyes UPDATED approve fiona.finance',
      'approve-invoice-four-eyes ASSIGNED claim gary.finance',
      'approve-invoice-four-eyes COMPLETED approve gary.finance',
    ]);
  });

  it('returns the invoice with the reason when the second approver rejects it', async () => {
    const pi = await start('25,000.00');
    await s.decide(s.task(pi, 'approve-invoice-four-eyes'), 'fiona.finance', FINANCE, 'approve');
    await s.decide(s.task(pi, 'approve-invoice-four-eyes'), 'gary.finance', FINANCE, 'reject', { reason: 'duplicate of INV-0999' });
    expect((await path(s, pi, PROCESS)).slice(-5)).toEqual(['invoice-decided', 'invoice-approved', 'rejected', 'notify-rejected', 'invoice-rejected']);
    expect(await s.variables(pi)).toMatchObject({ decision: 'rejected', rejectionReason: 'rejected by gary.finance: duplicate of INV-0999' });
    // The seeded order was read; nothing was posted.
    expect(await calls(s, { system: 'accounting' })).toEqual(['POST accounting/purchase-orders 201', 'GET accounting/purchase-orders/PO-7 200']);
  });

  it('returns an invoice that exceeds its purchase order, and one whose order does not exist, without asking anyone', async () => {
    const tooMuch = await start('31,000.00');
    const unknown = await start('100.00', 'PO-404');
    expect(await path(s, tooMuch, PROCESS)).toEqual(['invoice-received', 'extract-fields', 'po-mismatch', 'rejected', 'notify-rejected', 'invoice-rejected']);
    expect((await s.variables(tooMuch)).rejectionReason).toBe('amount 31000 exceeds the 30000 ordered on purchase order PO-7');
    expect((await s.variables(unknown)).rejectionReason).toBe('there is no purchase order PO-404');
  });

  it('returns an invoice whose fields cannot be read', async () => {
    const pi = await s.start(PROCESS, { document: 'Dear customer, please pay us.', requester: 'rick.requester' });
    expect(await path(s, pi, PROCESS)).toEqual(['invoice-received', 'invoice-unreadable', 'rejected', 'notify-rejected', 'invoice-rejected']);
    expect((await s.variables(pi)).rejectionReason).toBe('could not read the invoice number, purchase order number, vendor, amount from the invoice');
  });
});
