-- Audit trail: tamper evidence, request events and usage rollups.
--
-- Each workspace's events (and the account-level events with no workspace, chain '') form a hash
-- chain: chain_seq counts them gap-free in commit order (taken under the chain head's row lock),
-- hash = SHA-256(prev_hash || canonical event). Rows written before this migration are not chained.
alter table audit_events add column chain_seq bigint;
alter table audit_events add column prev_hash text;
alter table audit_events add column hash text;
alter table audit_events add column endpoint_class text;
-- Few indexes: every request is an insert. Lists and the chain walk go by (workspace, chain_seq),
-- key filters by (workspace, actor, chain_seq); time ranges and retention use the primary key
-- (ids start with their creation time, base62, so they sort by it).
drop index audit_events_workspace_idx;
create unique index audit_events_chain_idx on audit_events (workspace_id, chain_seq);
create index audit_events_actor_idx on audit_events (workspace_id, actor_id, chain_seq);

create table audit_chain_heads (
  chain  text primary key,            -- workspace id, or '' for account-level events
  seq    bigint not null,
  hash   text not null
);

-- Request counts per minute, maintained by the batched request writer (GET /v1/usage reads these,
-- never the raw events).
create table usage_rollups (
  workspace_id   text not null references workspaces(id) on delete cascade,
  minute         timestamptz not null,
  actor_type     text not null,
  actor_id       text not null,
  endpoint_class text not null,
  status_class   text not null,       -- 2xx, 3xx, 4xx, 5xx
  requests       bigint not null,
  primary key (workspace_id, minute, actor_type, actor_id, endpoint_class, status_class)
);
create index usage_rollups_actor_idx on usage_rollups (actor_id, minute);

-- Single-use tickets for browser EventSource connections (?ticket=st_…): 60 s, bound to the
-- creator's workspace and scopes. Shared by every instance through the store.
create table stream_tickets (
  ticket_hash   text primary key,
  workspace_id  text not null references workspaces(id) on delete cascade,
  principal     jsonb not null,
  expires_at    timestamptz not null,
  used_at       timestamptz
);
create index stream_tickets_expiry_idx on stream_tickets (expires_at);
