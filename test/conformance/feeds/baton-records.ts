/** Baton's records, read from its `records` table (the engine's own exporter-shaped log). */
import type { Knex } from 'knex';
import type { FeedRecord, RecordSource } from './record-feed.ts';

interface RecordRow {
  position: string;
  key: string;
  value_type: string;
  intent: string;
  process_instance_key: string | null;
  bpmn_process_id: string | null;
  element_id: string | null;
  value: Record<string, unknown>;
}

/** Only what traces read; the rest of the log (jobs, deployments, messages) stays in Postgres. */
const VALUE_TYPES = ['PROCESS_INSTANCE', 'INCIDENT', 'VARIABLE'];

export class BatonRecordSource implements RecordSource {
  private position = '0';

  constructor(private readonly knex: Knex) {}

  async read(): Promise<FeedRecord[]> {
    const rows = await this.knex<RecordRow>('records')
      .where('position', '>', this.position)
      .whereIn('value_type', VALUE_TYPES)
      .andWhere('record_type', 'EVENT')
      .orderBy('position')
      .select('position', 'key', 'value_type', 'intent', 'process_instance_key', 'bpmn_process_id', 'element_id', 'value');
    if (rows.length) this.position = rows[rows.length - 1].position;
    return rows.map(toFeedRecord);
  }
}

const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toFeedRecord(row: RecordRow): FeedRecord {
  const v = row.value;
  const out: FeedRecord = {
    valueType: row.value_type,
    intent: row.intent,
    key: row.key,
    processInstanceKey: row.process_instance_key ?? undefined,
    bpmnProcessId: row.bpmn_process_id ?? undefined,
    elementId: row.element_id ?? undefined,
    bpmnElementType: textOf(v.bpmnElementType),
    errorType: textOf(v.errorType),
    errorMessage: textOf(v.errorMessage),
  };
  if (row.value_type === 'VARIABLE') {
    out.variableName = textOf(v.name);
    out.variableValue = v.value;
    out.scopeKey = v.scopeKey === undefined ? undefined : String(v.scopeKey);
  }
  return out;
}
