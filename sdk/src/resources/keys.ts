import { PageIterator } from '../pagination.js';
import type { Transport } from '../transport.js';
import type { ApiKey, CreateApiKeyParams, IssuedApiKey, ListApiKeysParams, UpdateApiKeyParams } from '../types.js';
import { listPage, type CallOptions } from './shared.js';

/** API keys of the credential's workspace (`/v1/keys`; scopes `api-keys:read` / `api-keys:write`). */
export class Keys {
  constructor(private readonly transport: Transport) {}

  /** A new key; `key` (the plaintext) is in this answer only. Safe to retry: sent with an Idempotency-Key. */
  async create(params: CreateApiKeyParams, options: CallOptions = {}): Promise<IssuedApiKey> {
    const answer = await this.transport.request<{ data: IssuedApiKey }>({
      method: 'POST', path: '/v1/keys', body: params, idempotencyKey: options.idempotencyKey ?? true, signal: options.signal,
    });
    return answer.data;
  }

  /** Newest first; `await` for one page, `for await` for every key. */
  list(params: ListApiKeysParams = {}): PageIterator<ApiKey> {
    const { revoked, cursor, limit, ...rest } = params;
    return new PageIterator((next) => listPage<ApiKey>(this.transport, '/v1/keys', {
      ...rest, limit, cursor: next, revoked: revoked === undefined ? undefined : String(revoked),
    }), cursor);
  }

  async get(id: string, options: CallOptions = {}): Promise<ApiKey> {
    return (await this.transport.request<{ data: ApiKey }>({ method: 'GET', path: `/v1/keys/${encodeURIComponent(id)}`, signal: options.signal })).data;
  }

  /** Rename, change metadata or narrow scopes. */
  async update(id: string, params: UpdateApiKeyParams, options: CallOptions = {}): Promise<ApiKey> {
    return (await this.transport.request<{ data: ApiKey }>({ method: 'PATCH', path: `/v1/keys/${encodeURIComponent(id)}`, body: params, signal: options.signal })).data;
  }

  /** New secret now; the old one dies now or after `grace_period_seconds`. Not retried (a retry would rotate twice). */
  async rotate(id: string, params: { grace_period_seconds?: number } = {}, options: CallOptions = {}): Promise<IssuedApiKey & { previous_key_expires_at?: string }> {
    return (await this.transport.request<{ data: IssuedApiKey }>({ method: 'POST', path: `/v1/keys/${encodeURIComponent(id)}/rotate`, body: params, signal: options.signal })).data;
  }

  /** Revoke (idempotent): refused at once everywhere. */
  async revoke(id: string, options: CallOptions = {}): Promise<ApiKey> {
    return (await this.transport.request<{ data: ApiKey }>({ method: 'DELETE', path: `/v1/keys/${encodeURIComponent(id)}`, signal: options.signal })).data;
  }
}
