-- Invitations to join a workspace: an e-mailed single-use token (stored as SHA-256).
create table invitations (
  id               text primary key,
  workspace_id     text not null references workspaces(id) on delete cascade,
  email_normalized text not null,
  role             text not null check (role in ('owner', 'admin', 'developer', 'viewer')),
  token_hash       text not null unique,
  invited_by       text not null,
  created_at       timestamptz not null,
  expires_at       timestamptz not null,
  accepted_at      timestamptz
);
create index invitations_workspace_idx on invitations (workspace_id);
