-- Machine credentials: OAuth2 clients (client credentials grant), agents (Ed25519 challenge →
-- token) and API-key → bearer exchange sessions. Their access tokens are JWTs whose `sid` names a
-- row of token_grants: ending the grant refuses every token of it at once.

create table oauth_clients (
  id                         text primary key,          -- the public client_id (cli_…)
  workspace_id               text not null references workspaces(id) on delete cascade,
  name                       text not null,
  environment                text not null check (environment in ('live', 'test')),
  scopes                     text[] not null,           -- the ceiling a token may ask for
  token_ttl_seconds          integer not null check (token_ttl_seconds > 0),
  secret_hash                text not null,             -- SHA-256 of cs_…
  secret_prefix              text not null,
  previous_secret_hash       text,                      -- overlap rotation
  previous_secret_expires_at timestamptz,
  metadata                   jsonb not null default '{}',
  created_by_type            text not null,
  created_by_id              text not null,
  created_at                 timestamptz not null default now(),
  updated_at                 timestamptz not null default now(),
  deleted_at                 timestamptz
);
create index oauth_clients_workspace_idx on oauth_clients (workspace_id, id desc);

create table agents (
  id                     text primary key,              -- agt_…
  workspace_id           text not null references workspaces(id) on delete cascade,
  name                   text not null,
  environment            text not null check (environment in ('live', 'test')),
  scopes                 text[] not null,
  public_key             text not null,                 -- raw Ed25519 key, base64url (32 bytes)
  max_token_ttl_seconds  integer not null check (max_token_ttl_seconds > 0),
  metadata               jsonb not null default '{}',
  created_by_type        text not null,
  created_by_id          text not null,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  revoked_at             timestamptz
);
create index agents_workspace_idx on agents (workspace_id, id desc);

create table agent_challenges (
  nonce_hash  text primary key,                         -- SHA-256 of the challenge string
  agent_id    text not null references agents(id) on delete cascade,
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index agent_challenges_expiry_idx on agent_challenges (expires_at);

-- One row per thing a machine token belongs to: a client's or agent's current grant (replaced
-- when its secret is rotated without overlap or its scopes shrink), or an API-key exchange
-- session (key + caller's session_id label, with the claims needed to re-sign the same token).
create table token_grants (
  id            text primary key,                       -- grt_… (the JWT's sid)
  kind          text not null check (kind in ('client', 'agent', 'key')),
  subject_id    text not null,                          -- cli_… / agt_… / key_…
  workspace_id  text not null references workspaces(id) on delete cascade,
  environment   text not null check (environment in ('live', 'test')),
  label         text,                                   -- key exchange: the caller's session_id
  scopes        text[],                                 -- key exchange: the key's scopes at issue
  rate_limit    integer,                                -- key exchange: the key's own rate_limit
  jti           text,                                   -- key exchange: the current token
  kid           text,
  issued_at     timestamptz,
  expires_at    timestamptz,
  created_at    timestamptz not null default now(),
  revoked_at    timestamptz
);
create index token_grants_subject_idx on token_grants (subject_id);
create unique index token_grants_exchange_idx on token_grants (subject_id, label) where label is not null;

-- RFC 7009 revocation of single tokens: refused by jti until they would have expired anyway.
create table revoked_tokens (
  jti         text primary key,
  expires_at  timestamptz not null,
  revoked_at  timestamptz not null default now()
);
create index revoked_tokens_expiry_idx on revoked_tokens (expires_at);
