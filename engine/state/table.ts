/**
 * A keyed collection of live rows that remembers what changed since the last flush.
 * A row created and removed within one batch never reaches Postgres at all.
 */
export class Table<T extends { key: string }> {
  readonly rows = new Map<string, T>();
  private dirty = new Map<string, T | null>();

  constructor(readonly name: string) {}

  get(key: string): T | undefined {
    return this.rows.get(key);
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Insert or mark as changed after an in-place mutation. */
  put(row: T): void {
    this.rows.set(row.key, row);
    this.dirty.set(row.key, row);
  }

  remove(key: string): void {
    if (!this.rows.delete(key)) return;
    this.dirty.set(key, null);
  }

  /** Loads a committed row without marking it dirty. */
  load(row: T): void {
    this.rows.set(row.key, row);
  }

  takeChanges(): { upserts: T[]; deletes: string[] } {
    const upserts: T[] = [];
    const deletes: string[] = [];
    for (const [key, row] of this.dirty) {
      if (row) upserts.push(row);
      else deletes.push(key);
    }
    this.dirty = new Map();
    return { upserts, deletes };
  }

  get size(): number {
    return this.rows.size;
  }

  values(): IterableIterator<T> {
    return this.rows.values();
  }
}
