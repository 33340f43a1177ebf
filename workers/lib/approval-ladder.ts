/** The approval levels, lowest first: an escalation moves a request one level up. */
export const APPROVAL_LADDER = ['team-lead', 'director', 'cfo', 'ceo'] as const;
export type ApproverRole = (typeof APPROVAL_LADDER)[number];

export function isApproverRole(role: unknown): role is ApproverRole {
  return typeof role === 'string' && (APPROVAL_LADDER as readonly string[]).includes(role);
}

/** The level above, or undefined at the top. */
export function nextLevel(role: ApproverRole): ApproverRole | undefined {
  return APPROVAL_LADDER[APPROVAL_LADDER.indexOf(role) + 1];
}
