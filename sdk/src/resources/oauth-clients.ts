import { PageIterator } from '../pagination.js';
import type { Transport } from '../transport.js';
import type { CreateOAuthClientParams, IssuedOAuthClient, ListParams, OAuthClient, UpdateOAuthClientParams } from '../types.js';
import { idPath, listPage, type CallOptions } from './shared.js';

const BASE = '/v1/oauth-clients';

/** OAuth clients for the client credentials grant (`/v1/oauth-clients`). */
export class OAuthClients {
  constructor(private readonly transport: Transport) {}

  /** A new client; `client_secret` is in this answer only. Sent with an Idempotency-Key. */
  async create(params: CreateOAuthClientParams, options: CallOptions = {}): Promise<IssuedOAuthClient> {
    return (await this.transport.request<{ data: IssuedOAuthClient }>({
      method: 'POST', path: BASE, body: params, idempotencyKey: options.idempotencyKey ?? true, signal: options.signal,
    })).data;
  }

  list(params: ListParams = {}): PageIterator<OAuthClient> {
    return new PageIterator((cursor) => listPage<OAuthClient>(this.transport, BASE, { limit: params.limit, cursor }), params.cursor);
  }

  async get(clientId: string, options: CallOptions = {}): Promise<OAuthClient> {
    return (await this.transport.request<{ data: OAuthClient }>({ method: 'GET', path: idPath(BASE, clientId), signal: options.signal })).data;
  }

  async update(clientId: string, params: UpdateOAuthClientParams, options: CallOptions = {}): Promise<OAuthClient> {
    return (await this.transport.request<{ data: OAuthClient }>({ method: 'PATCH', path: idPath(BASE, clientId), body: params, signal: options.signal })).data;
  }

  /** New secret; the old one dies now or after `grace_period_seconds`. */
  async rotateSecret(clientId: string, params: { grace_period_seconds?: number } = {}, options: CallOptions = {}): Promise<IssuedOAuthClient> {
    return (await this.transport.request<{ data: IssuedOAuthClient }>({ method: 'POST', path: idPath(BASE, clientId, '/rotate-secret'), body: params, signal: options.signal })).data;
  }

  /** Delete the client; its tokens are refused at once. */
  async delete(clientId: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: idPath(BASE, clientId), signal: options.signal });
  }
}
