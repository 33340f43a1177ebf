/** The engine's only source of time, so tests can move it instead of waiting. */
export interface Clock {
  now(): number;
  /** Calls `fn` once `now() >= at`. Returns a cancel function. */
  schedule(at: number, fn: () => void): () => void;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
  schedule(at: number, fn: () => void): () => void {
    // setTimeout caps at ~24.8 days; re-arm for timers further out.
    const MAX = 2 ** 31 - 1;
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      handle = setTimeout(delay > MAX ? arm : fn, Math.max(0, Math.min(delay, MAX)));
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}

/**
 * A clock that only moves when told to. `advance` fires everything that became due,
 * in due order, so a one-hour SLA timer fires at once and deterministically.
 */
export class VirtualClock implements Clock {
  private current: number;
  private pending: Array<{ at: number; fn: () => void; seq: number }> = [];
  private seq = 0;

  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  schedule(at: number, fn: () => void): () => void {
    const entry = { at, fn, seq: this.seq++ };
    this.pending.push(entry);
    if (at <= this.current) queueMicrotask(() => this.fireDue());
    return () => {
      this.pending = this.pending.filter((e) => e !== entry);
    };
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }

  set(time: number | Date): void {
    const t = typeof time === 'number' ? time : time.getTime();
    if (t < this.current) throw new Error('the virtual clock never goes backwards');
    this.current = t;
    this.fireDue();
  }

  private fireDue(): void {
    const due = this.pending.filter((e) => e.at <= this.current).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.pending = this.pending.filter((e) => e.at > this.current);
    for (const e of due) e.fn();
  }
}
