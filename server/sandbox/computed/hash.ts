import { createHash } from 'node:crypto';

/** A stable 32-bit number for a text: the same input gives the same canned data everywhere. */
export function stableHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

export function pick<T>(items: readonly T[], hash: number): T {
  return items[hash % items.length]!;
}

/** A number in [min, max] from a hash, with `salt` so different fields vary independently. */
export function between(text: string, salt: string, min: number, max: number): number {
  return min + (stableHash(`${salt}:${text}`) % (max - min + 1));
}
