export interface User { id: string; email: string; name: string | null; created_at?: string }
export interface Workspace { id: string; name: string; role: string | null }
export interface ApiKey {
  id: string; name: string; prefix: string; environment: 'live' | 'test'; scopes: string[]; rate_limit: number | null;
  allowed_ips: string[]; metadata: Record<string, unknown>; created_at: string; expires_at: string | null;
  last_used_at: string | null; revoked_at: string | null; requests_24h: number; key?: string;
}
export interface AuditEvent {
  id: string; type: string; workspace_id: string | null; actor: { type: string | null; id: string | null };
  target: { type: string; id: string } | null; ip: string | null; method: string | null; path: string | null;
  status: number | null; latency_ms: number | null; created_at: string; chain_seq: number | null; hash: string | null;
  data?: Record<string, unknown>; [extra: string]: unknown;
}
export interface Page<T> { data: T[]; next_cursor: string | null }
export interface Member { user_id: string; email: string; name: string | null; role: string; joined_at: string }
export interface SessionInfo { id: string; created_at: string; last_seen_at: string; expires_at: string; ip: string | null; user_agent: string | null; current: boolean }
export interface Invitation { id: string; email: string; role: string; invited_by: string; created_at: string; expires_at: string }
