-- Warden core: workspaces, users, sessions, API keys, audit. PostgreSQL and PGlite alike.

create table workspaces (
  id          text primary key,
  name        text not null,
  created_at  timestamptz not null default now()
);

create table users (
  id               text primary key,
  email            text not null,
  email_normalized text not null unique,
  password_hash    text not null,
  name             text,
  disabled_at      timestamptz,
  created_at       timestamptz not null default now()
);

create table memberships (
  workspace_id text not null references workspaces(id) on delete cascade,
  user_id      text not null references users(id) on delete cascade,
  role         text not null check (role in ('owner', 'admin', 'developer', 'viewer')),
  created_at   timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

create table sessions (
  id                  text primary key,
  token_hash          text not null unique,
  user_id             text not null references users(id) on delete cascade,
  created_at          timestamptz not null default now(),
  last_seen_at        timestamptz not null default now(),
  absolute_expires_at timestamptz not null,
  revoked_at          timestamptz,
  ip                  text,
  user_agent          text
);
create index sessions_user_idx on sessions (user_id);

create table api_keys (
  id              text primary key,
  workspace_id    text not null references workspaces(id) on delete cascade,
  name            text not null,
  display_prefix  text not null,
  environment     text not null check (environment in ('live', 'test')),
  scopes          text[] not null,
  rate_limit      integer check (rate_limit is null or rate_limit > 0),
  allowed_ips     text[] not null default '{}',
  metadata        jsonb not null default '{}',
  created_by_type text not null,
  created_by_id   text not null,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  expires_at      timestamptz,
  last_used_at    timestamptz,
  revoked_at      timestamptz
);
create index api_keys_workspace_idx on api_keys (workspace_id, id desc);

-- One row per secret a key has had: rotation retires the old secret (at once or after a grace
-- period) and adds a new one, so an old secret is recognised and answered `key_revoked`.
create table api_key_secrets (
  key_hash       text primary key,
  key_id         text not null references api_keys(id) on delete cascade,
  display_prefix text not null,
  created_at     timestamptz not null default now(),
  retired_at     timestamptz
);
create index api_key_secrets_key_idx on api_key_secrets (key_id);

create table audit_events (
  id           text primary key,
  workspace_id text references workspaces(id) on delete cascade,
  type         text not null,
  actor_type   text,
  actor_id     text,
  target_type  text,
  target_id    text,
  ip           text,
  method       text,
  path         text,
  status       integer,
  latency_ms   integer,
  user_agent   text,
  data         jsonb not null default '{}',
  created_at   timestamptz not null default now()
);
create index audit_events_workspace_idx on audit_events (workspace_id, id desc);
