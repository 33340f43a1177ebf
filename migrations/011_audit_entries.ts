import type { Knex } from 'knex';

/**
 * API actions and rule evaluations: one row each, chained per partition by a row trigger that
 * locks the partition's head row until commit (so concurrent writers queue on that one row and
 * the chain never forks). Writers give the content; seq, prev_hash and hash are always the
 * trigger's, whatever a caller puts there.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit_entries (
      position bigint primary key default nextval('records_position_seq'),
      partition text not null check (partition <> 'engine'),
      seq bigint not null,
      kind text not null,
      occurred_at timestamptz not null default clock_timestamp(),
      actor text,
      role text,
      action text,
      target text,
      reason text,
      request_id text,
      process_instance_key bigint,
      element_id text,
      payload jsonb not null default '{}'::jsonb,
      prev_hash bytea not null,
      hash bytea not null,
      unique (partition, seq)
    );
    create index audit_entries_instance on audit_entries (process_instance_key, position);
    create index audit_entries_actor on audit_entries (actor, position);
    create index audit_entries_action on audit_entries (action, position);
    create index audit_entries_element on audit_entries (element_id, position);
    create index audit_entries_time on audit_entries using brin (occurred_at);

    create function audit_entry_canonical(e audit_entries) returns text stable language sql as $$
      select jsonb_build_object(
        'position', e.position, 'partition', e.partition, 'seq', e.seq, 'kind', e.kind,
        'occurredAt', (extract(epoch from e.occurred_at) * 1000000)::bigint,
        'actor', e.actor, 'role', e.role, 'action', e.action, 'target', e.target, 'reason', e.reason,
        'requestId', e.request_id, 'processInstanceKey', e.process_instance_key, 'elementId', e.element_id,
        'payload', e.payload)::text
    $$;

    create function audit_entry_hash(e audit_entries) returns bytea stable language sql as $$
      select sha256(e.prev_hash || convert_to(audit_entry_canonical(e), 'UTF8'))
    $$;

    create function audit_chain_entry() returns trigger language plpgsql as $$
    declare
      head audit_heads;
    begin
      select * into head from audit_heads where partition = new.partition for update;
      if not found then
        insert into audit_heads values (new.partition, 0, audit_genesis(new.partition)) on conflict do nothing;
        select * into head from audit_heads where partition = new.partition for update;
      end if;
      new.seq := head.seq + 1;
      new.prev_hash := head.hash;
      new.hash := audit_entry_hash(new);
      update audit_heads set seq = new.seq, hash = new.hash where partition = new.partition;
      return new;
    end $$;
    create trigger audit_entries_chain before insert on audit_entries for each row execute function audit_chain_entry();
    create trigger audit_entries_no_change before update or delete on audit_entries for each row execute function audit_append_only();
    create trigger audit_entries_no_truncate before truncate on audit_entries for each statement execute function audit_append_only();

    -- Audit queries by business key: only VARIABLE rows named businessKey enter this index, so
    -- the engine's other inserts pay one predicate check.
    create index records_business_key on records ((value->>'value'), process_instance_key)
      where value_type = 'VARIABLE' and value->>'name' = 'businessKey';
    -- Time ranges: the engine writes in time order, so a block range index is enough and costs
    -- the writer almost nothing.
    create index records_time on records using brin (timestamp);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index records_time;
    drop index records_business_key;
    drop trigger audit_entries_chain on audit_entries;
    drop function audit_chain_entry();
    drop function audit_entry_hash(audit_entries);
    drop function audit_entry_canonical(audit_entries);
    drop table audit_entries;
  `);
}
