import { withExternalErrors } from './lib/job-outcome.ts';
import { deleteRecord, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

/** Compensation of onboarding.create-crm-account: deletes the account it created. */
const deleteCrmAccount: WorkerModule = {
  taskType: 'onboarding.delete-crm-account',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { crmAccountId } = variablesOf<{ crmAccountId?: string }>(job);
        // The handler only runs for a completed create, which always set the id.
        if (!crmAccountId) throw new Error('no crmAccountId to delete: the CRM account cannot be found');
        await deleteRecord('crm', `accounts/${encodeURIComponent(crmAccountId)}`);
        return { crmAccountDeleted: true };
      },
      { maxRetries: 5 },
    ),
};

export default deleteCrmAccount;
