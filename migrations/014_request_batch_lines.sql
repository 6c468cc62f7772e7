-- The request log, format 2: a batch's events as one text column (docs/architecture.md, "The request log").
--
-- Format 1 (012) stored each event in eleven parallel arrays and linked the batch over every
-- event's own SHA-256. Parsing those arrays was most of what the embedded database spent on the
-- request log, and one SHA-256 per event most of what Warden spent; format 2 keeps the same
-- dictionaries and stores the events as lines of text, one per event in chain order:
--
--   id <TAB> ms after first_at <TAB> status <TAB> latency ms <TAB> actor <TAB> ip <TAB> agent <TAB> path <TAB> method <TAB> class <TAB> data
--
-- where id is the event id without its `evt_` and the 8 base62 characters of its time (Warden's
-- ids begin with the event's own time, which the line's time gives back: event_id_of_line), or
-- the whole id when it does not; actor … data are 1-based indexes into the batch's dictionaries (actor k is
-- (actor_types[k], actor_ids[k]); data k is data_values -> (k - 1)). Lines are joined by a newline,
-- with none after the last. The batch's link hashes its content once:
--
--   content = workspace_id \n first_at (ms since the epoch) \n canonical JSON of the dictionaries \n lines
--   hash    = SHA-256(prev_hash \n "batch2 " seq_from " " events \n SHA-256(content))
--
-- so one event is proven part of the chain by its batch's content. Format-1 batches stay as they
-- are, read and verified as before.
alter table request_batches add column format smallint not null default 1;
alter table request_batches add column lines text;
-- Stored as is, not compressed: compressing costs the database ≈ 0.5 µs of CPU per event (PGlite,
-- measured) to save ≈ 20 bytes of the ≈ 55 an event takes. Operators short of disk rather than CPU
-- can `alter table request_batches alter column lines set storage extended` (new batches compress).
alter table request_batches alter column lines set storage external;
alter table request_batches
  alter column ids drop not null,
  alter column at_offsets_ms drop not null,
  alter column statuses drop not null,
  alter column latencies_ms drop not null,
  alter column actor_idx drop not null,
  alter column ip_idx drop not null,
  alter column agent_idx drop not null,
  alter column path_idx drop not null,
  alter column method_idx drop not null,
  alter column class_idx drop not null,
  alter column data_idx drop not null;

drop view audit_log;
drop view request_events;

-- A format-2 line's event id: its first field, after `evt_` and the event's time (ms since the
-- epoch) in 8 base62 characters (src/lib/ids.ts newId), unless the field is a whole id already.
create function event_id_of_line(field text, at_ms bigint) returns text
language sql immutable as $$
  select case when strpos(field, '_') > 0 then field
              else 'evt_' || (select string_agg(substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
                                                       ((at_ms / (62::numeric ^ (8 - i))::bigint) % 62)::integer + 1, 1), '' order by i)
                                from generate_series(1, 8) as i) || field
         end
$$;

-- The request log one event a row, for SQL readers (operators, tests), whichever format a batch has.
create view request_events as
select b.ids[i] as id, b.workspace_id, 'request'::text as type,
       b.actor_types[b.actor_idx[i]] as actor_type, b.actor_ids[b.actor_idx[i]] as actor_id,
       null::text as target_type, null::text as target_id,
       b.ip_values[b.ip_idx[i]] as ip, b.method_values[b.method_idx[i]] as method, b.path_values[b.path_idx[i]] as path,
       b.statuses[i]::integer as status, b.latencies_ms[i] as latency_ms,
       b.class_values[b.class_idx[i]] as endpoint_class, b.agent_values[b.agent_idx[i]] as user_agent,
       b.data_values -> (b.data_idx[i] - 1) as data,
       b.first_at + b.at_offsets_ms[i] * interval '1 millisecond' as created_at,
       b.seq_from + i - 1 as chain_seq
  from request_batches b, generate_subscripts(b.ids, 1) as i
 where b.format = 1
union all
select event_id_of_line(split_part(l.line, E'\t', 1), (extract(epoch from b.first_at) * 1000)::bigint + split_part(l.line, E'\t', 2)::bigint) as id,
       b.workspace_id, 'request'::text as type,
       b.actor_types[split_part(l.line, E'\t', 5)::integer] as actor_type, b.actor_ids[split_part(l.line, E'\t', 5)::integer] as actor_id,
       null::text as target_type, null::text as target_id,
       b.ip_values[split_part(l.line, E'\t', 6)::integer] as ip, b.method_values[split_part(l.line, E'\t', 9)::integer] as method,
       b.path_values[split_part(l.line, E'\t', 8)::integer] as path,
       split_part(l.line, E'\t', 3)::integer as status, split_part(l.line, E'\t', 4)::integer as latency_ms,
       b.class_values[split_part(l.line, E'\t', 10)::integer] as endpoint_class, b.agent_values[split_part(l.line, E'\t', 7)::integer] as user_agent,
       b.data_values -> (split_part(l.line, E'\t', 11)::integer - 1) as data,
       b.first_at + split_part(l.line, E'\t', 2)::bigint * interval '1 millisecond' as created_at,
       b.seq_from + l.i - 1 as chain_seq
  from request_batches b, unnest(string_to_array(b.lines, E'\n')) with ordinality as l(line, i)
 where b.format = 2;

-- Every audit event, whichever way it is stored.
create view audit_log as
select id, workspace_id, type, actor_type, actor_id, target_type, target_id, ip, method, path, status, latency_ms,
       endpoint_class, user_agent, data, created_at, chain_seq
  from audit_events
union all
select id, workspace_id, type, actor_type, actor_id, target_type, target_id, ip, method, path, status, latency_ms,
       endpoint_class, user_agent, data, created_at, chain_seq
  from request_events;

-- Appending a batch, as a function: PL/pgSQL keeps its statements' plans for the session, where a
-- statement sent each flush would be parsed and planned each time (measured on PGlite: ≈ 0.7 ms of
-- a 1.4 ms append of a small batch). One call is one statement: atomic without a transaction. It
-- locks the workspace's chain head, links the batch (the SHA-256 of the link text, over the content
-- hash Warden computed — linesBatchHash in src/audit/chain-format.ts), inserts it and moves the
-- head; no row when the chain has no head.
create function append_request_batch(
  p_workspace text, p_events integer, p_content_hash text, p_first_at timestamptz, p_last_at timestamptz, p_lines text,
  p_actor_types text[], p_actor_ids text[], p_ip_values text[], p_agent_values text[], p_path_values text[],
  p_method_values text[], p_class_values text[], p_data_values jsonb)
returns table (seq_from bigint, prev_hash text, hash text)
language plpgsql as $$
declare
  v_seq bigint;
  v_prev text;
  v_hash text;
begin
  select h.seq, h.hash into v_seq, v_prev from audit_chain_heads h where h.chain = p_workspace for update;
  if not found then
    return;
  end if;
  v_hash := encode(sha256(convert_to(v_prev || E'\n' || 'batch2 ' || (v_seq + 1)::text || ' ' || p_events::text || E'\n' || p_content_hash, 'UTF8')), 'hex');
  update audit_chain_heads h set seq = v_seq + p_events, hash = v_hash where h.chain = p_workspace;
  insert into request_batches (workspace_id, seq_from, events, first_at, last_at, prev_hash, hash, format, lines,
                               actor_types, actor_ids, ip_values, agent_values, path_values, method_values, class_values, data_values)
  values (p_workspace, v_seq + 1, p_events, p_first_at, p_last_at, v_prev, v_hash, 2, p_lines,
          p_actor_types, p_actor_ids, p_ip_values, p_agent_values, p_path_values, p_method_values, p_class_values, p_data_values);
  return query select v_seq + 1, v_prev, v_hash;
end
$$;

-- The usage domain's: adds a batch's request counts (one element per rollup row) to the per-minute
-- usage rollups. The request writer calls it in the same statement as append_request_batch, for
-- each batch that went in.
create function add_request_rollups(
  p_workspace text, p_minutes timestamptz[], p_actor_types text[], p_actor_ids text[], p_endpoint_classes text[],
  p_status_classes text[], p_requests integer[])
returns integer
language plpgsql as $$
begin
  insert into usage_rollups (workspace_id, minute, actor_type, actor_id, endpoint_class, status_class, requests)
  select p_workspace, r.minute, r.actor_type, r.actor_id, r.endpoint_class, r.status_class, r.requests
    from unnest(p_minutes, p_actor_types, p_actor_ids, p_endpoint_classes, p_status_classes, p_requests)
         as r(minute, actor_type, actor_id, endpoint_class, status_class, requests)
  on conflict (workspace_id, minute, actor_type, actor_id, endpoint_class, status_class)
  do update set requests = usage_rollups.requests + excluded.requests;
  return cardinality(p_requests);
end
$$;
