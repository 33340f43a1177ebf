import type { ModelProblem } from './types.ts';

/** Collects every problem of a resource, so a rejection lists all of them at once. */
export class Problems {
  private readonly seen = new Set<string>();
  readonly list: ModelProblem[] = [];

  add(elementId: string | undefined, message: string): void {
    // The same element can be reached twice (e.g. a message referenced by two catch events).
    const key = `${elementId ?? ''}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(elementId ? { elementId, message } : { message });
  }

  addAll(elementId: string | undefined, messages: readonly string[]): void {
    for (const message of messages) this.add(elementId, message);
  }

  /** Whether `elementId` already has a problem (e.g. a moddle warning about an unresolved ref). */
  hasProblemFor(elementId: string): boolean {
    return this.list.some((problem) => problem.elementId === elementId);
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }
}
