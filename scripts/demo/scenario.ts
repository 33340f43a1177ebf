/**
 * What a demo scenario is: a driver that starts one instance and acts on it as its users
 * would, and the outcome it expects. Drivers only drive (the in-process runtime's doors: the
 * gateway, human-task operations, the sandbox's controls); what happened is read back from
 * the record log and the audit trail afterwards (explain.ts), so the summary shows what the
 * engine recorded, not what the driver meant to do.
 */
import type { InProcessBaton, Variables } from '../../server/in-process.ts';

export type FailurePath = 'retry' | 'compensation' | 'partial' | 'escalation' | 'rejection' | 'incident';

export const FAILURE_PATHS: Record<FailurePath, string> = {
  retry: 'retry then success',
  compensation: 'compensation',
  partial: 'partial completion',
  escalation: 'SLA escalation',
  rejection: 'rejection with a reason',
  incident: 'incident resolved by an operator',
};

export interface ScenarioContext {
  baton: InProcessBaton;
  /** Something the record log cannot show, e.g. an attempt the engine refused (it writes nothing). */
  note(text: string): void;
  /** Expects the engine to refuse `attempt` with an error matching `pattern`, and notes `what`. */
  refused(attempt: () => Promise<unknown>, pattern: RegExp, what: string): Promise<void>;
}

export interface Scenario {
  /** Short name, e.g. `master → approval`. */
  name: string;
  /** What happens, in a line. */
  story: string;
  failurePaths?: FailurePath[];
  expected: {
    /** Id of the end event the started instance must end in. */
    endEvent: string;
    /** Variables of the started instance the outcome must match (a deep subset). */
    variables?: Variables;
  };
  /** Variables (dotted paths) the summary shows as the outcome. */
  show: string[];
  /** Drives the scenario; returns the key of the instance it started. */
  run(ctx: ScenarioContext): Promise<string>;
}

export const HOUR = 3_600_000;
