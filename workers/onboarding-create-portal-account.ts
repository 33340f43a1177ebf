import { callSystem, idempotencyKey } from './lib/external.ts';
import { idOf, variablesOf, withGiveUp } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Input {
  crmAccountId: string;
  company: string;
  contactName: string;
  email: string;
  tier: string;
}

/**
 * Gives the customer's contact a support portal login. Not critical: when the portal refuses
 * or stays down past the last retry, PORTAL_FAILED is recorded in partialFailures and the
 * onboarding goes on.
 */
const createPortalAccount: WorkerModule = {
  taskType: 'onboarding.create-portal-account',
  taskHandler: (job) =>
    withGiveUp(
      job,
      async () => {
        const { crmAccountId, company, contactName, email, tier } = variablesOf<Input>(job);
        const user = await callSystem('portal', 'POST', 'users', { crmAccountId, company, name: contactName, email, supportLevel: tier }, { idempotencyKey: idempotencyKey(job) });
        return { portalUserId: idOf(user, 'portal user') };
      },
      { businessErrorCode: 'PORTAL_FAILED', maxRetries: 4 },
    ),
};

export default createPortalAccount;
