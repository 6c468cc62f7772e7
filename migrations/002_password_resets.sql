-- Single-use password reset tokens (stored as SHA-256), 30 minutes by default.
create table password_resets (
  id          text primary key,
  user_id     text not null references users(id) on delete cascade,
  token_hash  text not null unique,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index password_resets_user_idx on password_resets (user_id);
