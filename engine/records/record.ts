/** A record of one state transition, shaped like Zeebe's exporter records. */
export interface EngineRecord {
  key: string;
  recordType: 'EVENT' | 'COMMAND' | 'COMMAND_REJECTION';
  valueType: string;
  intent: string;
  processInstanceKey?: string;
  bpmnProcessId?: string;
  elementId?: string;
  timestamp: number;
  value: Record<string, unknown>;
}
