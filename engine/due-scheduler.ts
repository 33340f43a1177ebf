import type { Clock } from './clock/clock.ts';
import { DueHeap, type DueItem } from './processing/due-heap.ts';
import type { EngineState } from './state/engine-state.ts';

/**
 * Watches every due date the engine has (timers, job deadlines, back-offs, message TTLs) with
 * one clock alarm for the earliest, and hands what became due to `onDue` in due order. The
 * handler re-checks each item against the state, so stale entries need no removal.
 */
export class DueScheduler {
  private readonly heap = new DueHeap();
  private armedAt = Infinity;
  private cancelArm: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (items: DueItem[]) => void,
  ) {}

  /** Forgets everything and watches what the (re)loaded state holds: overdue work fires at once. */
  reset(state: EngineState): void {
    this.heap.clear();
    this.disarm();
    for (const t of state.timers.values()) this.heap.push({ at: t.dueDate, kind: 'timer', key: t.key });
    for (const j of state.jobs.values()) {
      if (j.state === 'ACTIVATED') this.heap.push({ at: j.deadline, kind: 'job-deadline', key: j.key });
      if (j.state === 'FAILED' && j.retries > 0) this.heap.push({ at: j.recurAt, kind: 'job-backoff', key: j.key });
    }
    for (const m of state.messages.values()) this.heap.push({ at: m.deadline, kind: 'message-ttl', key: m.key });
    this.arm();
  }

  watch(items: readonly DueItem[]): void {
    for (const item of items) this.heap.push(item);
    if (items.length) this.arm();
  }

  /** Whether something is due at the clock's current reading. */
  hasDueNow(): boolean {
    const next = this.heap.peek();
    return next !== undefined && next.at <= this.clock.now();
  }

  /** Fires due work now unless the alarm is about to (it was set and not yet rung). */
  fireIfDue(): void {
    if (this.hasDueNow() && this.cancelArm === undefined) this.fire();
  }

  close(): void {
    this.disarm();
  }

  private disarm(): void {
    this.cancelArm?.();
    this.cancelArm = undefined;
    this.armedAt = Infinity;
  }

  private arm(): void {
    const next = this.heap.peek();
    if (!next || next.at >= this.armedAt) return;
    this.cancelArm?.();
    this.armedAt = next.at;
    this.cancelArm = this.clock.schedule(next.at, () => {
      this.armedAt = Infinity;
      this.cancelArm = undefined;
      this.fire();
    });
  }

  private fire(): void {
    const now = this.clock.now();
    const items: DueItem[] = [];
    while (this.heap.size && this.heap.peek()!.at <= now) items.push(this.heap.pop()!);
    if (items.length) this.onDue(items);
    this.arm();
  }
}
