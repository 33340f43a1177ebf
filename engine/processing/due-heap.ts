import type { DueKind } from './context.ts';

export interface DueItem {
  at: number;
  kind: DueKind;
  key: string;
}

/** A binary min-heap by due time. Stale entries are dropped when popped (the handler re-checks). */
export class DueHeap {
  private items: DueItem[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): DueItem | undefined {
    return this.items[0];
  }

  push(item: DueItem): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.at <= item.at) break;
      a[i] = a[parent]!;
      i = parent;
    }
    a[i] = item;
  }

  pop(): DueItem | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (!top || !last || a.length === 0) return top;
    // Sift `last` down from the root, moving smaller children up.
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mAt = last.at;
      if (l < a.length && a[l]!.at < mAt) {
        m = l;
        mAt = a[l]!.at;
      }
      if (r < a.length && a[r]!.at < mAt) m = r;
      if (m === i) break;
      a[i] = a[m]!;
      i = m;
    }
    a[i] = last;
    return top;
  }

  clear(): void {
    this.items = [];
  }
}
