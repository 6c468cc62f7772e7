import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventSource } from 'eventsource';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';

/**
 * Seed 000's EventSource handlers, as written there, against a local Warden (only the host changed;
 * the credential goes in a header here, the seed's `?token=` is another test's concern).
 * Regression (issue 12 §4): the host's payload sat only under `data`, so `data.deal_id` was undefined.
 */
describe('seed 000: host events read as the seed\'s handlers read them', () => {
  let t: TestApp;
  let base: string;
  let owner: Owner;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    owner = await registerOwner(t.app);
    key = (await createKey(t.app, { bearer: owner.session }, { name: 'host api', scopes: ['events:read', 'events:write'] })).key;
  });
  afterAll(() => t.close());

  const publish = (type: string, data: Record<string, unknown>) =>
    call(t.app, 'POST', '/v1/events', { auth: { apiKey: key }, body: { type, data } });

  it('the seed\'s deal.updated and document.processed handlers get deal_id and document_id over SSE', async () => {
    const url = new URL(`${base}/v1/events/stream`);
    const eventSource = new EventSource(url.toString(), {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${key}` } }),
    });
    const seen: Record<string, unknown> = {};
    const both = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no events within 5 s')), 5000);
      const check = (): void => {
        if ('deal' in seen && 'document' in seen) {
          clearTimeout(timer);
          resolve();
        }
      };
      // As in the seed:
      eventSource.addEventListener('deal.updated', (event) => {
        const data = JSON.parse(event.data);
        seen.deal = data.deal_id;
        seen.dealEvent = data;
        check();
      });
      eventSource.addEventListener('document.processed', (event) => {
        const data = JSON.parse(event.data);
        seen.document = data.document_id;
        check();
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        eventSource.onopen = () => resolve();
        eventSource.onerror = (error) => reject(new Error(`stream failed: ${error.message ?? ''}`));
      });
      const published = (await publish('deal.updated', { deal_id: 'deal_42', status: 'approved' })).json().data;
      await publish('document.processed', { document_id: 'doc_7' });
      await both;
      expect(seen.deal).toBe('deal_42');
      expect(seen.document).toBe('doc_7');
      // The event keeps its own id, type and actor, and the whole payload under data.
      expect(seen.dealEvent).toMatchObject({
        id: published.id, type: 'deal.updated', actor: { type: 'api_key' }, data: { deal_id: 'deal_42', status: 'approved' }, status: null,
      });
    } finally {
      eventSource.close();
    }
  });

  it('GET /v1/events shows the same: payload fields on top, never over the event\'s own fields', async () => {
    const published = await publish('deal.updated', {
      deal_id: 'deal_43', id: 'forged', type: 'forged', actor: 'forged', created_at: 'forged', data: 'forged', hash: 'forged',
    });
    expect(published.statusCode, published.body).toBe(201);
    const created = published.json().data;
    expect(created).toMatchObject({ deal_id: 'deal_43', type: 'deal.updated', actor: { type: 'api_key' } });
    expect(created.id).toMatch(/^evt_/);
    expect(created.created_at).not.toBe('forged');
    expect(created.data).toMatchObject({ deal_id: 'deal_43', id: 'forged', type: 'forged' });

    const listed = (await call(t.app, 'GET', '/v1/events?type=deal.updated&limit=1', { auth: { apiKey: key } })).json().data[0];
    expect(listed).toEqual(created);
    // Warden's own events keep their plain shape (their data is Warden's, not a host payload).
    const keyEvent = (await call(t.app, 'GET', '/v1/events?type=key.created&limit=1', { auth: { apiKey: key } })).json().data[0];
    expect(Object.keys(keyEvent).sort()).toEqual([
      'actor', 'chain_seq', 'created_at', 'data', 'endpoint_class', 'hash', 'id', 'ip', 'latency_ms', 'method', 'path', 'status', 'target', 'type', 'user_agent', 'workspace_id',
    ]);
  });
});
