import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  crmAccountId: string;
  company: string;
  email: string;
  tier: string;
  annualValue: number;
}

/**
 * Creates the billing account for the CRM account. Critical: a refusal is BILLING_FAILED (the
 * CRM account is then deleted); unavailability is retried. Undone by
 * onboarding.close-billing-account.
 */
const createBillingAccount: WorkerModule = {
  taskType: 'onboarding.create-billing-account',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { crmAccountId, company, email, tier, annualValue } = variablesOf<Input>(job);
        const account = await callSystem('billing', 'POST', 'accounts', { crmAccountId, company, billingEmail: email, plan: tier, annualValue }, { idempotencyKey: idempotencyKey(job) });
        return { billingAccountId: idOf(account, 'billing account') };
      },
      { businessErrorCode: 'BILLING_FAILED', maxRetries: 5 },
    ),
};

export default createBillingAccount;
