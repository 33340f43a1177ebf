/**
 * An engine's exported records, read while cases run: the only place Zeebe 8.6 shows
 * incidents and the end of an instance without a query API. Both engines write records of
 * the same shape (Zeebe's exporter records), so one reader serves both; a source only has to
 * turn its storage (Baton's `records` table, the broker's debug-exporter log) into these.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** The fields of an exported EVENT record that traces use; keys as decimal strings. */
export interface FeedRecord {
  valueType: string;
  intent: string;
  key: string;
  processInstanceKey?: string;
  bpmnProcessId?: string;
  elementId?: string;
  /** PROCESS_INSTANCE records. */
  bpmnElementType?: string;
  /** INCIDENT records. */
  errorType?: string;
  errorMessage?: string;
  /** VARIABLE records: the value as JSON (Zeebe's string form already parsed). */
  variableName?: string;
  variableValue?: unknown;
  scopeKey?: string;
}

export interface RecordSource {
  /** Records appended since the previous call, in log order. */
  read(): Promise<FeedRecord[]>;
}

const POLL_MS = 100;

export class RecordFeed {
  private readonly seen: FeedRecord[] = [];
  private reading: Promise<void> | undefined;

  constructor(private readonly source: RecordSource) {}

  /** Every record read so far. */
  all(): readonly FeedRecord[] {
    return this.seen;
  }

  /** Pulls what the source has now; concurrent callers share one read. */
  refresh(): Promise<void> {
    this.reading ??= this.source
      .read()
      .then((records) => {
        for (const record of records) this.seen.push(record);
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** The first record matching `match`, polling the source until `timeoutMs` has passed. */
  async waitFor(match: (record: FeedRecord) => boolean, timeoutMs: number): Promise<FeedRecord | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.refresh();
      const found = this.seen.find(match);
      if (found || Date.now() >= deadline) return found;
      await sleep(POLL_MS);
    }
  }
}
