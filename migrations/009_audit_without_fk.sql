-- Every audited request is an insert into audit_events, and a foreign key costs each one a lookup
-- and a row lock on workspaces. The audit trail also should not vanish with its workspace: events
-- now stay until retention removes them, like the rest of the trail.
alter table audit_events drop constraint if exists audit_events_workspace_id_fkey;
