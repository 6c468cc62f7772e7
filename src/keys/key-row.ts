import type { KeyEnvironment } from './key-codec.js';

/** An `api_keys` row as the database returns it. */
export interface ApiKeyRow {
  id: string;
  workspace_id: string;
  name: string;
  display_prefix: string;
  environment: KeyEnvironment;
  scopes: string[];
  rate_limit: number | null;
  allowed_ips: string[];
  metadata: Record<string, unknown>;
  created_by_type: string;
  created_by_id: string;
  created_at: Date;
  updated_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** The API key object clients rely on (DESIGN.md): never the secret, never its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  environment: KeyEnvironment;
  scopes: string[];
  rate_limit: number | null;
  allowed_ips: string[];
  metadata: Record<string, unknown>;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Requests made with the key in the last 24 hours (usage rollups, as of the last request-writer flush). */
  requests_24h: number;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** `lastUsedPendingMs`: a not-yet-flushed use, fresher than the row; `requests24h`: from the usage rollups. */
export function toApiKeyView(row: ApiKeyRow, lastUsedPendingMs: number | undefined, requests24h: number): ApiKeyView {
  const stored = row.last_used_at?.getTime();
  const lastUsedMs = Math.max(stored ?? 0, lastUsedPendingMs ?? 0);
  return {
    id: row.id,
    name: row.name,
    prefix: row.display_prefix,
    environment: row.environment,
    scopes: row.scopes,
    rate_limit: row.rate_limit,
    allowed_ips: row.allowed_ips,
    metadata: row.metadata,
    created_at: row.created_at.toISOString(),
    expires_at: iso(row.expires_at),
    last_used_at: lastUsedMs > 0 ? new Date(lastUsedMs).toISOString() : null,
    revoked_at: iso(row.revoked_at),
    requests_24h: requests24h,
  };
}
