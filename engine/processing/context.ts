import type { EngineRecord } from '../records/record.ts';
import type { EngineState } from '../state/engine-state.ts';
import type { DeploymentRow } from '../store/batch-writer.ts';

/** What happens when a batch commits: answers to clients, wake-ups, notifications. */
export interface BatchEffects {
  afterCommit: Array<() => void>;
  /** Job types that gained activatable jobs in this batch (long polls to wake). */
  jobTypesReady: Set<string>;
  /** Due dates the scheduler must watch: timers, job deadlines, back-offs, message TTLs. */
  due: Array<{ at: number; kind: DueKind; key: string }>;
}

export type DueKind = 'timer' | 'job-deadline' | 'job-backoff' | 'message-ttl';

/**
 * One batch of commands: they all see one clock reading, their follow-up steps run in
 * order (like Zeebe's follow-up commands), and everything they change commits together.
 */
export class BatchContext implements BatchEffects {
  readonly records: EngineRecord[] = [];
  readonly afterCommit: Array<() => void> = [];
  readonly jobTypesReady = new Set<string>();
  readonly due: Array<{ at: number; kind: DueKind; key: string }> = [];
  readonly deployments: DeploymentRow[] = [];
  /** Variables of completed process instances whose creator awaits the result. */
  readonly instanceResults = new Map<string, Record<string, unknown>>();
  /** Flow scopes that a modification's terminate instruction may leave empty: terminate, don't complete. */
  readonly terminateWhenEmpty = new Set<string>();
  readonly endedInstances: Array<{ key: string; state: 'COMPLETED' | 'TERMINATED' }> = [];
  /**
   * User task transitions that ended in this batch after waiting for task listeners: taken
   * (no error) or refused (denied by a listener, or the task went away). Whoever asked for
   * the transition hears it once the batch commits.
   */
  readonly userTaskOutcomes: Array<{ userTaskKey: string; error?: Error }> = [];
  /** Set while a process instance modification terminates elements: no canceling task listeners then (Zeebe 8.8). */
  modifying = false;
  private readonly steps: Array<() => void> = [];

  constructor(
    readonly state: EngineState,
    readonly now: number,
  ) {}

  /** Queues a follow-up step; steps run after the current one, in order. */
  enqueue(step: () => void): void {
    this.steps.push(step);
  }

  /** Runs queued steps until none are left. */
  drain(): void {
    for (let i = 0; i < this.steps.length; i++) this.steps[i]!();
    this.steps.length = 0;
  }

  record(r: Omit<EngineRecord, 'timestamp' | 'recordType'> & { recordType?: EngineRecord['recordType'] }): void {
    this.records.push({ recordType: 'EVENT', timestamp: this.now, ...r });
  }

  watch(at: number, kind: DueKind, key: string): void {
    this.due.push({ at, kind, key });
  }
}
