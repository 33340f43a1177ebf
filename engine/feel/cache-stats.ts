import { expressionCache } from './evaluate.ts';
import { parseCount } from './program.ts';
import type { FeelCacheStats } from './types.ts';
import { unaryCache } from './unary-tests.ts';

// ---------------------------------------------------------------------------
// Cache inspection (tests, metrics)
// ---------------------------------------------------------------------------

export function feelCacheStats(): FeelCacheStats {
  return { expressions: expressionCache.stats(), unaryTests: unaryCache.stats(), parses: parseCount };
}

/** Empties both caches and resets their counters (the parse counter keeps counting). */
export function clearFeelCache(): void {
  expressionCache.clear();
  unaryCache.clear();
}
