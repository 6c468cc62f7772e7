-- Idempotency-Key on credential creation (issue 17): a retried POST /v1/keys, /v1/oauth-clients or
-- /v1/agents with the same key from the same caller within 24 h gets the first answer again and
-- never mints a second secret. The first answer holds a secret, so it is stored encrypted under a
-- key derived from the Idempotency-Key itself (which is not stored: only its SHA-256), then sealed
-- with WARDEN_SECRET_KEY when one is set: a database dump alone opens none of them.
create table idempotency_keys (
  caller_hash text not null,
  key_hash text not null,
  operation text not null,
  request_hash text not null,
  -- null while the first request runs
  status_code integer,
  response text,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (caller_hash, key_hash)
);
create index idempotency_keys_expires_at on idempotency_keys (expires_at);
