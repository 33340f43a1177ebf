/**
 * A record of one state transition, shaped like Zeebe's exporter records. The key, process
 * instance, process id and element id are columns of their own; `value` holds the rest of
 * Zeebe's record value (the tenant is always '<default>'), so nothing is stored twice.
 */
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
