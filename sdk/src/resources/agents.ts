import { PageIterator } from '../pagination.js';
import type { Transport } from '../transport.js';
import type { Agent, CreateAgentParams, ListParams, UpdateAgentParams } from '../types.js';
import { idPath, listPage, type CallOptions } from './shared.js';

const BASE = '/v1/agents';

/** Agents: Ed25519 public keys that trade signed challenges for short-lived tokens (`/v1/agents`). */
export class Agents {
  constructor(private readonly transport: Transport) {}

  /** Register an agent by its public key. Sent with an Idempotency-Key. */
  async create(params: CreateAgentParams, options: CallOptions = {}): Promise<Agent> {
    return (await this.transport.request<{ data: Agent }>({
      method: 'POST', path: BASE, body: params, idempotencyKey: options.idempotencyKey ?? true, signal: options.signal,
    })).data;
  }

  list(params: ListParams = {}): PageIterator<Agent> {
    return new PageIterator((cursor) => listPage<Agent>(this.transport, BASE, { limit: params.limit, cursor }), params.cursor);
  }

  async get(id: string, options: CallOptions = {}): Promise<Agent> {
    return (await this.transport.request<{ data: Agent }>({ method: 'GET', path: idPath(BASE, id), signal: options.signal })).data;
  }

  async update(id: string, params: UpdateAgentParams, options: CallOptions = {}): Promise<Agent> {
    return (await this.transport.request<{ data: Agent }>({ method: 'PATCH', path: idPath(BASE, id), body: params, signal: options.signal })).data;
  }

  /** Revoke (idempotent); its tokens are refused at once. */
  async revoke(id: string, options: CallOptions = {}): Promise<Agent> {
    return (await this.transport.request<{ data: Agent }>({ method: 'DELETE', path: idPath(BASE, id), signal: options.signal })).data;
  }
}
