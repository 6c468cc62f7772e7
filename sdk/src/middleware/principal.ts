/** Who is calling, as Warden verified it: set on the request by the middleware (`request.warden`, `req.warden`, `c.get('warden')`). */
export interface WardenPrincipal {
  type: 'api_key' | 'user' | 'client' | 'agent';
  /** Key id (`key_…`), user id (`usr_…`), OAuth client id (`cli_…`) or agent id (`agt_…`). */
  id: string;
  workspaceId: string;
  /** `live`, `test`, …; null for a user session (it may act on both). */
  environment: string | null;
  scopes: string[];
  /** The user session (`ses_…`) a session token or user access token belongs to. */
  sessionId: string | null;
  /** The grant (`grt_…`) of a client, agent or exchanged-key token. */
  grantId: string | null;
  /** An API key's name and metadata (API keys only). */
  name?: string;
  metadata?: Record<string, unknown>;
}

/** The credential-bearing parts of an incoming request, already pulled out of the framework's request. */
export interface CredentialRequest {
  authorization?: string | undefined;
  apiKey?: string | undefined;
  workspaceId?: string | undefined;
  /** The end client's address: checked against a key's allowed_ips and the per-IP limit. */
  ip?: string | undefined;
}
