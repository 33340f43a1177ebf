import type { Knex } from 'knex';

/**
 * Listing finished process instances reads the records that end a process instance. A partial
 * index holds only those rows, so the batch writer pays for it only when an instance ends.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index records_process_ends on records (process_instance_key)
    where value_type = 'PROCESS_INSTANCE' and intent in ('ELEMENT_COMPLETED', 'ELEMENT_TERMINATED') and value->>'bpmnElementType' = 'PROCESS'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index records_process_ends');
}
