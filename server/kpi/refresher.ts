import type { Knex } from 'knex';
import { foldRange } from './fold.ts';
import { recomputeSummaries, type KpiConfig } from './summaries.ts';

/** Only one refresher works at a time, however many Baton processes share the database. */
const LOCK_KEY = 0x6b7069; // 'kpi'
const MAX_PAGES_PER_PASS = 20;

export interface RefreshResult {
  /** Records folded in by this call. */
  records: number;
  /** Rule evaluations folded in by this call. */
  rules: number;
}

/**
 * Keeps the KPI rollups up to date: every `intervalMs` (default 1 s) it folds the records (and rule
 * evaluations) written since its watermark into the rollups, page by page, one transaction per
 * page, then recomputes the summaries of the processes those pages touched.
 *
 * Reading by position is safe: the audit chain's lock makes writers of `records` commit in
 * position order, and rule evaluations commit in seq order (their head row), so nothing can
 * appear behind the watermark later.
 */
export class KpiRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RefreshResult> = Promise.resolve({ records: 0, rules: 0 });
  private stopped = true;
  private readonly intervalMs: number;
  private readonly pageSize: number;
  private readonly onError: (err: unknown) => void;

  constructor(
    private readonly knex: Knex,
    private readonly config: KpiConfig = {},
    options: { intervalMs?: number; pageSize?: number; onError?: (err: unknown) => void } = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.pageSize = options.pageSize ?? 50_000;
    this.onError = options.onError ?? (() => {});
  }

  /** Recomputes every summary once (the SLA targets may have changed), then refreshes on an interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.running = this.summariesFor('all').then(() => ({ records: 0, rules: 0 }));
    const tick = () => {
      const startedAt = performance.now();
      void this.refreshNow()
        .catch((err: unknown) => this.onError(err))
        .finally(() => {
          // A slow pass (a big backlog, a busy database) waits as long as it took, up to 3 s:
          // the refresher never takes more than half the database's time, and stays fresh.
          const wait = Math.min(Math.max(this.intervalMs, performance.now() - startedAt), Math.max(this.intervalMs, 3000));
          if (!this.stopped) this.timer = setTimeout(tick, wait).unref();
        });
    };
    void this.running.catch((err: unknown) => this.onError(err)).finally(tick);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  /** Folds in what was committed so far, up to 20 pages (calls queue behind one another). */
  refreshNow(): Promise<RefreshResult> {
    const next = this.running.catch(() => undefined).then(() => this.catchUp());
    this.running = next;
    return next;
  }

  private async catchUp(): Promise<RefreshResult> {
    const total: RefreshResult = { records: 0, rules: 0 };
    const touched = new Set<string>();
    // Bounded, so that under a steady stream of records the summaries still get recomputed.
    for (let pages = 0; pages < MAX_PAGES_PER_PASS; pages++) {
      const page = await this.foldPage();
      if (!page) break;
      total.records += page.records;
      total.rules += page.rules;
      for (const id of page.touched) touched.add(id);
    }
    if (touched.size) await this.summariesFor([...touched]);
    return total;
  }

  private async summariesFor(ids: string[] | 'all'): Promise<void> {
    await this.knex.transaction(async (trx) => {
      if (!(await tryLock(trx))) return;
      await recomputeSummaries(trx, ids, this.config);
    });
  }

  private async foldPage(): Promise<(RefreshResult & { touched: string[] }) | undefined> {
    return this.knex.transaction(async (trx) => {
      if (!(await tryLock(trx))) return undefined;
      const marks = (await trx.raw<{ rows: Array<{ source: string; position: string }> }>('select source, position from kpi_watermarks')).rows;
      const lo = marks.find((m) => m.source === 'records')?.position ?? '0';
      const rlo = marks.find((m) => m.source === 'rules')?.position ?? '0';
      const { rows } = await trx.raw<{ rows: Array<{ hi: string | null; n: number; rhi: string | null; rn: number }> }>(
        `with p as (select position from records where position > ? order by position limit ?),
              q as (select seq from audit_entries where partition = 'rules' and seq > ? order by seq limit ?)
         select (select max(position) from p) as hi, (select count(*)::int from p) as n,
                (select max(seq) from q) as rhi, (select count(*)::int from q) as rn`,
        [lo, this.pageSize, rlo, this.pageSize],
      );
      const { hi, n, rhi, rn } = rows[0]!;
      await trx.raw(`update kpi_watermarks set refreshed_at = now() where source = 'records'`);
      if (!n && !rn) return undefined;
      const range = { lo, hi: hi ?? lo, rlo, rhi: rhi ?? rlo };
      const touched = await foldRange(trx, range);
      await trx.raw(`update kpi_watermarks set position = case source when 'records' then ?::bigint else ?::bigint end`, [range.hi, range.rhi]);
      return { records: n, rules: rn, touched };
    });
  }
}

async function tryLock(trx: Knex.Transaction): Promise<boolean> {
  const { rows } = await trx.raw<{ rows: Array<{ ok: boolean }> }>('select pg_try_advisory_xact_lock(?) as ok', [LOCK_KEY]);
  return rows[0]!.ok;
}
