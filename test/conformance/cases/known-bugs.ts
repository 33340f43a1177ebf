/**
 * Open Baton bugs found by the differential suite, shared by the cases that expose them.
 * Each case names the trace paths a bug explains (see case.ts); delete an entry, and its uses,
 * once the engine is fixed and the report says it matches nothing any more. The eight found in
 * the first run (part 1) are fixed (see the git log); those below were found by the part-2 cases.
 */
import type { KnownBug } from '../case.ts';

export const OPEN_BUGS = {
  deleteDecisionRequirements:
    'DeleteResource knows only process definitions: a decision requirements key is NOT_FOUND and its decisions stay evaluable ' +
    '(Zeebe 8.6 deletes the DRG and its decisions); needs state, store and versioning support outside engine/commands',
} as const;

/** A knownBugs entry for one of the bugs above, on the trace paths of one case. */
export function knownBug(name: keyof typeof OPEN_BUGS, ...paths: string[]): KnownBug {
  return { bug: OPEN_BUGS[name], paths };
}

export const KNOWN_BUGS: readonly string[] = Object.values(OPEN_BUGS);
