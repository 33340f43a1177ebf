import type { Knex } from 'knex';

/**
 * The tamper-evident audit trail. Three hash chains ("partitions"), each with a head row that
 * writers lock, so every chain grows strictly one link at a time while the other chains go on:
 *
 * - `engine`: the engine's own record log. A statement-level trigger on `records` chains each
 *   INSERT statement (one engine batch) as one block: the block stores a sha256 digest per
 *   record (so verification names the exact record that changed) and
 *   hash = sha256(prev_hash || canonical JSON of the block header || digests). The engine does
 *   not know about it. One block per statement keeps the cost per record to one digest.
 * - `api` and `rules`: rows of `audit_entries` (human/API actions, rule evaluations), chained
 *   one by one by a row trigger: hash = sha256(prev_hash || canonical JSON of the entry).
 *
 * Canonical JSON is Postgres' own jsonb text form (keys ordered, one spacing), built in SQL by
 * the functions below, so writers and the verifier can never disagree on the bytes hashed.
 * `audit_entries` takes its positions from the record log's sequence: one position space orders
 * the whole trail, and "the rule evaluation before this approval" is a comparison of positions.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function audit_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'the audit trail is append-only: % on % is not allowed', tg_op, tg_table_name;
    end $$;

    create function audit_genesis(p text) returns bytea immutable language sql as $$
      select sha256(convert_to('baton-audit-genesis:' || p, 'UTF8'))
    $$;

    create table audit_heads (
      partition text primary key,
      seq bigint not null,
      hash bytea not null
    );
    insert into audit_heads values ('engine', 0, audit_genesis('engine')), ('api', 0, audit_genesis('api')), ('rules', 0, audit_genesis('rules'));

    -- Heads move only inside the chaining triggers (depth >= 2), never by a direct statement.
    create function audit_heads_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and pg_trigger_depth() > 1 then return new; end if;
      raise exception 'the audit trail is append-only: % on % is not allowed', tg_op, tg_table_name;
    end $$;
    create trigger audit_heads_guard before update or delete on audit_heads for each row execute function audit_heads_guard();
    create trigger audit_heads_no_truncate before truncate on audit_heads for each statement execute function audit_append_only();

    -- A JSON array of the columns in table order: json (not jsonb) building costs a third of
    -- jsonb_build_object per row; the timestamp is written in UTC whatever the session's zone.
    -- Stable, not immutable, like the json functions inside: only then is it inlined per row.
    create function audit_record_digest(r records) returns bytea stable language sql as $$
      select sha256(convert_to(json_build_array(r.position, r.key, r.record_type, r.value_type, r.intent, r.process_instance_key,
        r.bpmn_process_id, r.element_id, r.timestamp at time zone 'UTC', r.value)::text, 'UTF8'))
    $$;

    create function audit_block_hash(prev bytea, seq bigint, first_position bigint, last_position bigint, record_count integer, digests bytea)
      returns bytea stable language sql as $$
      select sha256(prev || convert_to(jsonb_build_object('seq', seq, 'firstPosition', first_position, 'lastPosition', last_position,
                                                          'recordCount', record_count)::text, 'UTF8') || digests)
    $$;

    create table audit_record_blocks (
      seq bigint primary key,
      first_position bigint not null,
      last_position bigint not null,
      record_count integer not null,
      digests bytea not null,
      prev_hash bytea not null,
      hash bytea not null
    );
    create trigger audit_record_blocks_no_change before update or delete on audit_record_blocks for each row execute function audit_append_only();
    create trigger audit_record_blocks_no_truncate before truncate on audit_record_blocks for each statement execute function audit_append_only();

    -- Taken before the statement draws any position, and held to commit: a block's records are
    -- exactly the positions between its first and last, and blocks follow position order.
    create function audit_lock_engine_chain() returns trigger language plpgsql as $$
    begin
      perform 1 from audit_heads where partition = 'engine' for update;
      return null;
    end $$;

    create function audit_chain_records() returns trigger language plpgsql as $$
    declare
      head audit_heads;
      b record;
    begin
      select min(position) as f, max(position) as l, count(*)::integer as n,
             string_agg(audit_record_digest(x), ''::bytea order by position) as d
        into b from new_records x;
      if b.n = 0 then return null; end if;
      select * into head from audit_heads where partition = 'engine' for update;
      insert into audit_record_blocks values
        (head.seq + 1, b.f, b.l, b.n, b.d, head.hash, audit_block_hash(head.hash, head.seq + 1, b.f, b.l, b.n, b.d));
      update audit_heads set seq = head.seq + 1, hash = audit_block_hash(head.hash, head.seq + 1, b.f, b.l, b.n, b.d)
       where partition = 'engine';
      return null;
    end $$;

    create trigger records_audit_lock before insert on records for each statement execute function audit_lock_engine_chain();
    create trigger records_audit_chain after insert on records referencing new table as new_records
      for each statement execute function audit_chain_records();
  `);

  // Records written before this migration become the first block.
  await knex.raw(`
    insert into audit_record_blocks
    select 1, f, l, n, d, audit_genesis('engine'), audit_block_hash(audit_genesis('engine'), 1, f, l, n, d)
    from (select min(position) f, max(position) l, count(*)::integer n, string_agg(audit_record_digest(r), ''::bytea order by position) d from records r) s
    where n > 0;
    alter table audit_heads disable trigger audit_heads_guard;
    update audit_heads h set seq = b.seq, hash = b.hash from audit_record_blocks b where h.partition = 'engine' and b.seq = 1;
    alter table audit_heads enable trigger audit_heads_guard;

    -- From now on blocks come only from the chaining trigger, never from a direct INSERT.
    create function audit_blocks_guard() returns trigger language plpgsql as $$
    begin
      if pg_trigger_depth() > 1 then return new; end if;
      raise exception 'audit blocks are written by the records trigger only';
    end $$;
    create trigger audit_record_blocks_guard before insert on audit_record_blocks for each row execute function audit_blocks_guard();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger records_audit_chain on records;
    drop trigger records_audit_lock on records;
    drop function audit_chain_records();
    drop function audit_lock_engine_chain();
    drop table audit_record_blocks;
    drop function audit_blocks_guard();
    drop table audit_heads;
    drop function audit_heads_guard();
    drop function audit_block_hash(bytea, bigint, bigint, bigint, integer, bytea);
    drop function audit_record_digest(records);
    drop function audit_genesis(text);
    drop function audit_append_only();
  `);
}
