import type { Response } from 'express';
import { DEFAULT_HOLD_MS, DEFAULT_LATENCY_MS, type Fault } from './faults.ts';

/** An answer decided without touching any records. */
export interface Answer {
  status: number;
  body?: unknown;
}

/** The client hung up while we held its request: nobody is left to answer. */
export const CLIENT_GONE = Symbol('client gone');

/** What a fault does before the call is handled: an answer of its own, or go on (with a status for 2xx `status` faults). */
export type FaultEffect = { answer: Answer } | { proceed: true; status?: number } | typeof CLIENT_GONE;

/**
 * Requests held by `timeout` faults. Shutdown releases them at once, so a server never
 * waits 30 s for a client that is itself waiting for us.
 */
export class HeldRequests {
  private readonly releases = new Set<() => void>();

  /** Waits `ms` (real time: the client's timeout is real), or less if released or the client leaves. */
  hold(res: Response, ms: number): Promise<'elapsed' | 'released' | 'gone'> {
    return new Promise((resolve) => {
      const done = (how: 'elapsed' | 'released' | 'gone') => {
        clearTimeout(timer);
        this.releases.delete(release);
        res.off('close', onClose);
        resolve(how);
      };
      const release = () => done('released');
      const onClose = () => done('gone');
      const timer = setTimeout(() => done('elapsed'), ms);
      this.releases.add(release);
      res.on('close', onClose);
    });
  }

  releaseAll(): void {
    for (const release of [...this.releases]) release();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function errorBody(fault: Fault, fallback: string): unknown {
  return fault.body !== undefined ? fault.body : { error: `${fallback} (sandbox fault: ${fault.mode})` };
}

export async function applyFault(fault: Fault, res: Response, held: HeldRequests): Promise<FaultEffect> {
  const { system } = fault;
  switch (fault.mode) {
    case 'latency':
      await sleep(fault.latencyMs ?? DEFAULT_LATENCY_MS);
      return { proceed: true };
    case 'timeout': {
      const how = await held.hold(res, fault.latencyMs ?? DEFAULT_HOLD_MS);
      if (how === 'gone') return CLIENT_GONE;
      return { answer: { status: 504, body: errorBody(fault, `${system} did not answer in time`) } };
    }
    case 'fail':
      return { answer: { status: 503, body: errorBody(fault, `${system} is unavailable`) } };
    case 'reject':
      return { answer: { status: 422, body: errorBody(fault, `${system} rejected the request`) } };
    case 'status':
      // A 2xx status only changes the status of an otherwise normal answer.
      if (fault.status! < 300) return { proceed: true, status: fault.status };
      return { answer: { status: fault.status!, body: errorBody(fault, `${system} answered ${fault.status}`) } };
    case 'respond':
      return { proceed: true };
  }
}

/** `respond` replaces a successful answer's body; objects are laid over it, so ids and timestamps stay. */
export function overlay(body: unknown, respond: unknown): unknown {
  if (respond === undefined) return body;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  return isObject(body) && isObject(respond) ? { ...body, ...respond } : respond;
}
