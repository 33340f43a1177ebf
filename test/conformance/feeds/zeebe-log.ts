/**
 * Zeebe's records, read from the broker log. Zeebe 8.6 has no query API without
 * Elasticsearch (its REST `/v2/incidents/search` answers 404 on a standalone broker), but its
 * bundled DebugLogExporter writes every record as one JSON line; started with that exporter
 * (see zeebe-target.ts), the broker's own log is its record stream.
 */
import fs from 'node:fs/promises';
import type { FeedRecord, RecordSource } from './record-feed.ts';

const EXPORTER_LINE = /io\.camunda\.zeebe\.broker\.exporter\.debug - (\{.*\})\s*$/;
/** Logged once when the exporter starts; its absence means the broker runs without it. */
export const EXPORTER_OPENED = 'io.camunda.zeebe.broker.exporter.debug - Debug exporter opened';

interface ExportedRecord {
  key: number;
  valueType: string;
  intent: string;
  recordType: string;
  value: Record<string, unknown>;
}

export class ZeebeLogSource implements RecordSource {
  private offset: number;
  private partial = '';

  /** Starts at `offset` (the log's size when the run began: older records belong to nobody here). */
  constructor(private readonly file: string, offset: number) {
    this.offset = offset;
  }

  static async fromEnd(file: string): Promise<ZeebeLogSource> {
    const size = await fs.stat(file).then((s) => s.size, () => 0);
    return new ZeebeLogSource(file, size);
  }

  async read(): Promise<FeedRecord[]> {
    const handle = await fs.open(this.file, 'r');
    try {
      const { size } = await handle.stat();
      // A restarted broker truncates its log: start over.
      if (size < this.offset) {
        this.offset = 0;
        this.partial = '';
      }
      if (size === this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const text = this.partial + buffer.toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      return lines.flatMap((line) => parseLine(line) ?? []);
    } finally {
      await handle.close();
    }
  }
}

function parseLine(line: string): FeedRecord | undefined {
  const json = EXPORTER_LINE.exec(line)?.[1];
  if (!json) return undefined;
  // Zeebe keys stay below 2^53 on partition 1, so JSON numbers hold them exactly.
  const record = JSON.parse(json) as ExportedRecord;
  if (record.recordType !== 'EVENT') return undefined;
  return toFeedRecord(record);
}

const keyOf = (v: unknown): string | undefined => (typeof v === 'number' && v >= 0 ? String(v) : undefined);
const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function toFeedRecord(record: ExportedRecord): FeedRecord {
  const v = record.value;
  const out: FeedRecord = {
    valueType: record.valueType,
    intent: record.intent,
    key: String(record.key),
    processInstanceKey: keyOf(v.processInstanceKey),
    bpmnProcessId: textOf(v.bpmnProcessId),
    elementId: textOf(v.elementId),
    bpmnElementType: textOf(v.bpmnElementType),
    errorType: textOf(v.errorType),
    errorMessage: textOf(v.errorMessage),
  };
  if (record.valueType === 'VARIABLE') {
    out.variableName = textOf(v.name);
    // Zeebe's variable records carry the value as JSON text.
    out.variableValue = typeof v.value === 'string' ? JSON.parse(v.value) : v.value;
    out.scopeKey = keyOf(v.scopeKey);
  }
  return out;
}
