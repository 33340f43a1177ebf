import { callSystem, idempotencyKey } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { idOf, variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  company: string;
  contactName: string;
  email: string;
  tier: string;
  annualValue: number;
  country?: string;
}

/**
 * Creates the customer's CRM account. Critical: a refusal (4xx) is CRM_FAILED, which rolls the
 * onboarding back; an unavailable CRM is retried with back-off (the idempotency key makes a
 * retried create return the first account). Undone by onboarding.delete-crm-account.
 */
const createCrmAccount: WorkerModule = {
  taskType: 'onboarding.create-crm-account',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { company, contactName, email, tier, annualValue, country } = variablesOf<Input>(job);
        const account = await callSystem('crm', 'POST', 'accounts', { company, contactName, email, tier, annualValue, country }, { idempotencyKey: idempotencyKey(job) });
        return { crmAccountId: idOf(account, 'crm account') };
      },
      { businessErrorCode: 'CRM_FAILED', maxRetries: 5 },
    ),
};

export default createCrmAccount;
