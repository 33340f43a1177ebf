import { withExternalErrors } from './lib/job-outcome.ts';
import { deleteRecord, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

/** Compensation of onboarding.create-billing-account: closes (deletes) the account it created. */
const closeBillingAccount: WorkerModule = {
  taskType: 'onboarding.close-billing-account',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { billingAccountId } = variablesOf<{ billingAccountId?: string }>(job);
        if (!billingAccountId) throw new Error('no billingAccountId to close: the billing account cannot be found');
        await deleteRecord('billing', `accounts/${encodeURIComponent(billingAccountId)}`);
        return { billingAccountClosed: true };
      },
      { maxRetries: 5 },
    ),
};

export default closeBillingAccount;
