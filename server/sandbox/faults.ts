import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { methodName, oneOf, resourceName, systemName, type Method } from './systems.ts';

export const FAULT_MODES = ['latency', 'fail', 'status', 'timeout', 'reject', 'respond'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** How long a `timeout` fault holds a request: longer than any sane client waits. */
export const DEFAULT_HOLD_MS = 30_000;
export const DEFAULT_LATENCY_MS = 1_000;

export const faultSpec = z
  .strictObject({
    system: systemName,
    resource: resourceName.optional(),
    method: methodName.optional(),
    mode: z.enum(FAULT_MODES, { error: oneOf(FAULT_MODES) }),
    times: z.number().int('must be a whole number').positive('must be at least 1').optional(),
    latencyMs: z.number().int('must be a whole number').min(0).max(120_000, 'must be at most 120000').optional(),
    status: z.number().int('must be a whole number').min(200, 'must be an HTTP status (200-599)').max(599, 'must be an HTTP status (200-599)').optional(),
    body: z.unknown().optional(),
    respond: z.unknown().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.mode === 'status' && f.status === undefined) ctx.addIssue({ code: 'custom', path: ['status'], message: "is required with mode 'status'" });
    if (f.mode === 'respond' && f.respond === undefined) ctx.addIssue({ code: 'custom', path: ['respond'], message: "is required with mode 'respond'" });
  });

export type FaultSpec = z.output<typeof faultSpec>;

export interface Fault extends FaultSpec {
  id: string;
  /** Calls it still applies to; undefined = every call until cleared. */
  remaining?: number;
  /** Calls it has shaped so far. */
  hits: number;
}

/**
 * The faults a sandbox is told to play. In memory on purpose: they describe this run of a
 * test or demo, not data, and counting `times` must be exact under concurrent calls, which
 * one synchronous `take` gives for free.
 */
export class FaultRegistry {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { id: `fault_${randomBytes(4).toString('hex')}`, ...spec, remaining: spec.times, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  /**
   * The fault that shapes this call, one of its `times` used up. The most specific one
   * wins (resource and method named beat a system-wide fault), then the newest.
   */
  take(system: string, resource: string, method: Method): Fault | undefined {
    let best: Fault | undefined;
    let bestScore = -1;
    for (const f of this.faults) {
      if (f.system !== system || (f.resource && f.resource !== resource) || (f.method && f.method !== method)) continue;
      if (f.remaining === 0) continue;
      const score = (f.resource ? 2 : 0) + (f.method ? 1 : 0);
      if (score >= bestScore) {
        best = f;
        bestScore = score;
      }
    }
    if (!best) return undefined;
    best.hits++;
    if (best.remaining !== undefined) best.remaining--;
    return { ...best };
  }
}

