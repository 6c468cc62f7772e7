-- TOTP two-factor: the secret (base32), when it was enabled, and the last accepted time step
-- (a code can never be used twice). Recovery codes are stored as SHA-256, single use.
alter table users add column totp_secret text;
alter table users add column totp_enabled_at timestamptz;
alter table users add column totp_last_counter integer;

create table recovery_codes (
  id         text primary key,
  user_id    text not null references users(id) on delete cascade,
  code_hash  text not null,
  used_at    timestamptz,
  unique (user_id, code_hash)
);
