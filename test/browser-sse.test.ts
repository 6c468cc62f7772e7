import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser } from 'playwright-core';
import { hasChromium, launchChromium } from './helpers/chromium.js';
import { call, createKey, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';


// CI installs Debian's chromium (.ci/run); elsewhere the test says it is skipped rather than failing.
describe.runIf(hasChromium)('a real browser EventSource (headless Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the stream with a ticket (no header, no credential in the URL) and receives a named event', async () => {
    const owner = await registerOwner(t.app);
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'publisher', scopes: ['events:write'] });
    const ticket = (await call(t.app, 'POST', '/v1/events/tickets', { auth: { bearer: owner.session } })).json().ticket as string;
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/healthz`);
      // The page's own script, as a dashboard would run it.
      await page.evaluate((url) => {
        const w = globalThis as unknown as { received: unknown[]; opened: boolean };
        w.received = [];
        w.opened = false;
        const source = new (globalThis as unknown as { EventSource: typeof EventSource }).EventSource(url);
        source.onopen = () => { w.opened = true; };
        source.addEventListener('deal.updated', (event) => w.received.push({ id: (event as MessageEvent).lastEventId, data: JSON.parse((event as MessageEvent).data) }));
      }, `/v1/events/stream?ticket=${ticket}`);
      await page.waitForFunction(() => (globalThis as unknown as { opened: boolean }).opened, undefined, { timeout: 10_000 });
      const published = (await call(t.app, 'POST', '/v1/events', { auth: { apiKey: key.key }, body: { type: 'deal.updated', data: { deal_id: 'deal_7' } } })).json().data;
      await page.waitForFunction(() => (globalThis as unknown as { received: unknown[] }).received.length > 0, undefined, { timeout: 10_000 });
      const received = await page.evaluate(() => (globalThis as unknown as { received: unknown[] }).received);
      expect(received).toEqual([{ id: published.id, data: expect.objectContaining({ type: 'deal.updated', data: { deal_id: 'deal_7' } }) }]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
