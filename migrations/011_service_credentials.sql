-- Deployment-level service credentials (issue 14): made by the operator with the CLI, not by a
-- workspace member; they may verify credentials of every workspace (POST /v1/verify). Only the
-- SHA-256 of the secret is stored. Their creation, revocation and use are account-level audit events.
create table service_credentials (
  id text primary key,
  name text not null,
  secret_hash text not null unique,
  created_at timestamptz not null,
  revoked_at timestamptz
);
