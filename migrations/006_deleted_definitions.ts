import type { Knex } from 'knex';

/**
 * A deleted process definition keeps its row, marked deleted: version numbers must never be
 * reused (Zeebe), and the audit trail still resolves the old key to its model.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_definitions', (t) => t.timestamp('deleted_at', { useTz: true }));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('process_definitions', (t) => t.dropColumn('deleted_at'));
}
