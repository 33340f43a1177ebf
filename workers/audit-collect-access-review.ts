import { callSystem } from './lib/external.ts';
import { withExternalErrors } from './lib/job-outcome.ts';
import { variablesOf } from './lib/steps.ts';
import type { WorkerModule } from './worker-module.ts';

interface Account {
  user: string;
  role?: string;
  mfa?: boolean;
  lastLoginAt?: string;
}

const DAY = 86_400_000;
export const INACTIVE_DAYS = 90;

/** Counts what the access policies look at: admins, accounts without MFA, accounts unused for 90 days. */
export function accessEvidence(accounts: Account[], asOf: number) {
  const inactive = accounts.filter((a) => !a.lastLoginAt || asOf - Date.parse(a.lastLoginAt) >= INACTIVE_DAYS * DAY);
  return {
    accounts: accounts.length,
    admins: accounts.filter((a) => a.role === 'admin').length,
    withoutMfa: accounts.filter((a) => a.mfa !== true).length,
    inactive: inactive.length,
    inactiveUsers: inactive.map((a) => a.user),
  };
}

/**
 * Evidence 2 of 3: the accounts of the audited scope from the security system's access
 * review, judged as of `auditDate` (default: now) so a re-run of an audit sees the same.
 */
const collectAccessReview: WorkerModule = {
  taskType: 'audit.collect-access-review',
  taskHandler: (job) =>
    withExternalErrors(
      job,
      async () => {
        const { scope, auditDate } = variablesOf<{ scope: string; auditDate?: string }>(job);
        const accounts = await callSystem<Account[]>('security', 'GET', `accounts?${new URLSearchParams({ system: scope })}`);
        return { access: accessEvidence(accounts, auditDate ? Date.parse(auditDate) : Date.now()) };
      },
      { maxRetries: 4 },
    ),
};

export default collectAccessReview;
