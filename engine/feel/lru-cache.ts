import type { CacheStats } from './types.ts';

// ---------------------------------------------------------------------------
// Bounded caches
// ---------------------------------------------------------------------------

export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return;
    const oldest = this.entries.keys().next();
    if (!oldest.done) {
      this.entries.delete(oldest.value);
      this.evictions++;
    }
  }

  clear(): void {
    this.entries.clear();
    this.hits = this.misses = this.evictions = 0;
  }

  stats(): CacheStats {
    return { size: this.entries.size, capacity: this.capacity, hits: this.hits, misses: this.misses, evictions: this.evictions };
  }
}

/** Deployed models hold far fewer distinct expressions; the bound only guards against abuse. */
export const CACHE_CAPACITY = 4096;
