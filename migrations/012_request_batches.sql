-- The request log: request events stored many per row (docs/architecture.md, "The request log").
--
-- One row is a batch: the request events of one workspace written by one flush, in chain order.
-- Event i (1-based) of a batch has chain_seq = seq_from + i - 1; the batch is ONE link of its
-- workspace's hash chain: hash = SHA-256(prev_hash, seq_from, events, every event's own hash).
-- Columns are parallel arrays; the text fields that repeat (actor, address, agent, path, method,
-- class, data) are per-batch dictionaries (`*_values`) and the events hold 2-byte indexes into them
-- (`*_idx`, 1-based). A batch holds at most 10 000 events, so every index fits in a smallint.
-- Security events and changes stay one row each in audit_events, as before; per-row request
-- events written before this migration stay there too and are read as they are.
--
-- Partitioned by day (first_at, the batch's oldest event): retention drops a whole day's table.
-- The writer creates each day's partition when it first needs it (request_batches_YYYYMMDD).
create table request_batches (
  workspace_id    text not null,
  seq_from        bigint not null,
  events          integer not null,
  first_at        timestamptz not null,
  last_at         timestamptz not null,
  prev_hash       text not null,
  hash            text not null,
  ids             text[] not null,
  at_offsets_ms   integer[] not null,   -- each event's time, ms after first_at
  statuses        smallint[] not null,
  latencies_ms    integer[] not null,
  actor_types     text[] not null,      -- dictionary: actor k is (actor_types[k], actor_ids[k])
  actor_ids       text[] not null,      -- also the batch's distinct actors, for the GIN index
  actor_idx       smallint[] not null,
  ip_values       text[] not null,
  ip_idx          smallint[] not null,
  agent_values    text[] not null,
  agent_idx       smallint[] not null,
  path_values     text[] not null,
  path_idx        smallint[] not null,
  method_values   text[] not null,
  method_idx      smallint[] not null,
  class_values    text[] not null,
  class_idx       smallint[] not null,
  data_values     jsonb not null,       -- a JSON array of objects
  data_idx        smallint[] not null
) partition by range (first_at);

-- Few, small indexes, all per batch (not per event): the chain walk and lists go by
-- (workspace_id, seq_from), a key's events by the GIN of the batch's actors, an event id (cursor,
-- resume) by its time within (workspace_id, last_at).
create index request_batches_chain_idx on request_batches (workspace_id, seq_from);
create index request_batches_time_idx on request_batches (workspace_id, last_at);
create index request_batches_actors_idx on request_batches using gin (actor_ids);

-- What retention leaves of a request batch (or an old per-row request event) it removed: its link.
-- The security events after it stay verifiable (the chain walks through the link; the events'
-- content is gone) until they leave too (security retention).
create table request_batch_stubs (
  workspace_id  text not null,
  seq_from      bigint not null,
  events        integer not null,
  last_at       timestamptz not null,
  prev_hash     text not null,
  hash          text not null,
  primary key (workspace_id, seq_from)
);

-- The request log one event a row, for SQL readers (operators, tests). Warden's own code reads the
-- batches (request-log.ts).
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
  from request_batches b, generate_subscripts(b.ids, 1) as i;

-- Every audit event, whichever way it is stored.
create view audit_log as
select id, workspace_id, type, actor_type, actor_id, target_type, target_id, ip, method, path, status, latency_ms,
       endpoint_class, user_agent, data, created_at, chain_seq
  from audit_events
union all
select id, workspace_id, type, actor_type, actor_id, target_type, target_id, ip, method, path, status, latency_ms,
       endpoint_class, user_agent, data, created_at, chain_seq
  from request_events;
