import { EventSource } from 'eventsource';

export interface Received {
  type: string;
  id: string;
  data: any;
}

/** Event types every stream records from the start. */
const TYPES = ['deal.updated', 'document.processed', 'key.created', 'stream.closed'];

/** An EventSource that records the named events (listening from the start); `next(type)` waits (bounded) for one. */
export function listen(url: string, init: { headers?: Record<string, string> } = {}) {
  const received: Received[] = [];
  const waiters: { type: string; resolve: (e: Received) => void }[] = [];
  const source = new EventSource(url, {
    fetch: (input, options) => fetch(input, { ...options, headers: { ...(options?.headers as Record<string, string>), ...init.headers } }),
  });
  const seen = new Set<string>();
  const track = (type: string): void => {
    if (seen.has(type)) return;
    seen.add(type);
    source.addEventListener(type, (event) => {
      const item = { type, id: event.lastEventId, data: JSON.parse(event.data) };
      received.push(item);
      for (const waiter of waiters.filter((w) => w.type === type)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(item);
      }
    });
  };
  for (const type of TYPES) track(type);
  const opened = new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(new Error(`stream failed: ${(error as { code?: number }).code ?? ''} ${error.message ?? ''}`));
  });
  return {
    source,
    received,
    opened,
    track,
    next(type: string, timeoutMs = 5000): Promise<Received> {
      track(type);
      const already = received.find((r) => r.type === type && !(r as { taken?: boolean }).taken);
      if (already) {
        (already as { taken?: boolean }).taken = true;
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ type, resolve: (e) => { clearTimeout(timer); (e as { taken?: boolean }).taken = true; resolve(e); } });
      });
    },
    close: () => source.close(),
  };
}
