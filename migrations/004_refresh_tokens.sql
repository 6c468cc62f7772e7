-- Refresh tokens: single use, rotated on every refresh; one family per login (= session).
create table refresh_tokens (
  id           text primary key,
  token_hash   text not null unique,
  session_id   text not null references sessions(id) on delete cascade,
  user_id      text not null references users(id) on delete cascade,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,  -- the family's absolute end (login + 7 d)
  used_at      timestamptz,
  revoked_at   timestamptz
);
create index refresh_tokens_session_idx on refresh_tokens (session_id);
