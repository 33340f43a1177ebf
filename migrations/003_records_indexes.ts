import type { Knex } from 'knex';

/**
 * The (value_type, intent) index cost a fifth of every batch write and serves no query yet;
 * the audit and KPI work adds the indexes its queries need.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => t.dropIndex(['value_type', 'intent']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('records', (t) => t.index(['value_type', 'intent']));
}
