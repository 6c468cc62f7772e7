import type { Page } from '../pagination.js';
import type { Transport } from '../transport.js';

export interface CallOptions {
  signal?: AbortSignal;
  /** Creation calls: your own idempotency key (default: a random one per call, kept across its retries). */
  idempotencyKey?: string;
}

export async function listPage<T>(transport: Transport, path: string, query: Record<string, string | number | undefined>): Promise<Page<T>> {
  const answer = await transport.request<{ data: T[]; next_cursor?: string | null }>({ method: 'GET', path, query });
  return { data: answer.data, next_cursor: answer.next_cursor ?? null };
}

export const idPath = (base: string, id: string, tail = ''): string => `${base}/${encodeURIComponent(id)}${tail}`;
