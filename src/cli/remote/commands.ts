/** The management commands that run over HTTP with the SDK. */
export const REMOTE_COMMANDS: ReadonlySet<string> = new Set(['keys', 'clients', 'agents', 'members', 'workspaces', 'events', 'usage']);
