/** Shapes the migration workers share (see bpmn/data-migration.bpmn). */

/** One batch to migrate: a name and the source rows it carries. */
export interface Batch {
  batch: string;
  records: Array<Record<string, unknown>>;
}

/** What migrating one batch came to (the multi-instance output element). */
export interface BatchResult {
  batch: string;
  records: number;
  status: 'migrated' | 'failed';
  /** The target's id for the migrated batch: what a rollback deletes. */
  migrationId?: string;
  error?: string;
}

/** GET migration/counts. */
export interface MigrationCounts {
  source: number;
  target: number;
  batches: number;
  difference: number;
  reconciled: boolean;
}
