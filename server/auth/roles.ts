/**
 * Who may do what. A principal holds one or more roles; a route names the roles it admits,
 * and `admin` is admitted everywhere.
 *
 * | role       | may                                                            |
 * | ---------- | -------------------------------------------------------------- |
 * | analyst    | read, lint and deploy models                                   |
 * | developer  | models, and start/inspect/cancel instances, publish messages   |
 * | operator   | instances, incidents, messages, reassign tasks                 |
 * | approver   | the human tasks they are a candidate for or assigned           |
 * | compliance | read-only audit trail and KPIs                                 |
 * | admin      | everything                                                     |
 */
export const ROLES = ['analyst', 'developer', 'operator', 'approver', 'compliance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The user name: what the engine sees as `actor`, the audit trail as `actor`, instances as `initiator`. */
  name: string;
  roles: Role[];
  /** Matched against user tasks' candidate groups. */
  groups: string[];
}

/** The role under which `principal` passes a gate open to `allowed`, or undefined. */
export function grantingRole(principal: Principal, allowed: readonly Role[]): Role | undefined {
  return principal.roles.find((r) => allowed.includes(r)) ?? (principal.roles.includes('admin') ? 'admin' : undefined);
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.some((r) => roles.includes(r));
}
