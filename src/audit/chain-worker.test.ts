import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createChainWorker, type ChainWorker } from './chain-worker.js';
import { eventHash, inlineLinker, leafHash, leafHashes, rowToTuple, slicedLeafHasher, slicedLinker, splitHashes, type UnlinkedRow } from './chain-link.js';

const row = (i: number): UnlinkedRow => ({
  id: `evt_${String(i).padStart(22, '0')}`, workspace_id: 'wsp_1', type: 'request', actor_type: 'api_key', actor_id: 'key_1',
  target_type: null, target_id: i % 3 === 0 ? `tab\there\\${i}` : null, ip: '127.0.0.1', method: 'GET', path: `/v1/me?i=${i}`,
  status: 200, latency_ms: i, endpoint_class: 'standard', user_agent: i % 2 ? 'curl/8\nnext' : null,
  data: i % 4 === 0 ? { session_id: `grt_${i}`, z: [1, { b: 2, a: 'é' }] } : {}, created_at: new Date(1_800_000_000_000 + i), chain_seq: 100 + i,
});

describe('audit chain worker', () => {
  let worker: ChainWorker | undefined;
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  it('links exactly as the event loop does: same hashes, same COPY text, each hash over the previous one', async () => {
    worker = createChainWorker();
    const rows = Array.from({ length: 500 }, (_, i) => row(i));
    const head = 'a'.repeat(64);
    const threaded = await worker.link(head, rows);
    expect(threaded).toEqual(inlineLinker(head, rows));
    let prev = head;
    for (const [i, r] of rows.entries()) {
      expect(threaded.hashes[i]).toBe(eventHash(prev, r));
      prev = threaded.hashes[i]!;
    }
    const lines = threaded.text.split('\n');
    expect(lines).toHaveLength(501);
    expect(lines[3]!.split('\t')).toHaveLength(19);
    expect(lines[3]).toContain('tab\\there\\\\3');
  });

  it('hashes the events of a request batch as the event loop does (leafHash: the event alone, chain_seq left out)', async () => {
    worker = createChainWorker();
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    const threaded = await worker.hashLeaves(rows);
    expect(threaded).toEqual(leafHashes(rows));
    expect(await slicedLeafHasher(64)(rows)).toEqual(threaded);
    // Its place is the batch's: the same event elsewhere in the chain has the same hash.
    expect(leafHash({ ...rows[5]!, chain_seq: 9999 })).toBe(threaded[5]);
    expect(leafHash({ ...rows[5]!, status: 500 })).not.toBe(threaded[5]);
  });

  it('the thread itself answers with the compiled chain format (dist/, built by npm run build): no fallback hides a thread that cannot load it', async () => {
    const thread = new Worker(new URL('../../workers/audit-worker.mjs', import.meta.url));
    try {
      const rows = [row(0), row(1), row(3)];
      const answer = new Promise<{ id: number; text?: string; hashes?: string; error?: string }>((resolve, reject) => {
        thread.once('message', resolve);
        thread.once('error', reject);
      });
      thread.postMessage({ id: 9, headHash: 'd'.repeat(64), tuples: rows.map(rowToTuple) });
      const message = await answer;
      expect(message.error).toBeUndefined();
      expect({ text: message.text, hashes: splitHashes(message.hashes!) }).toEqual(inlineLinker('d'.repeat(64), rows));
    } finally {
      await thread.terminate();
    }
  });

  it('a thread that dies (or never starts) loses no batch: it is linked on the event loop', async () => {
    for (const broken of ['data:text/javascript,process.exit(3)', 'file:///nonexistent/audit-worker.cjs']) {
      worker = createChainWorker(new URL(broken));
      const rows = [row(1), row(2), row(3)];
      expect(await worker.link('b'.repeat(64), rows)).toEqual(inlineLinker('b'.repeat(64), rows));
      await worker.close();
    }
  });

  it('serves batches concurrently in order, and refuses work once closed', async () => {
    worker = createChainWorker();
    const batches = await Promise.all([0, 1, 2].map((b) => worker!.link('0'.repeat(64), [row(b), row(b + 10)])));
    expect(batches.map((b) => b.hashes[0])).toEqual([0, 1, 2].map((b) => eventHash('0'.repeat(64), row(b))));
    await worker.close();
    await expect(worker.link('0'.repeat(64), [row(1)])).rejects.toThrow(/closed/);
  });
});

describe('sliced linker (the event loop, a slice at a time)', () => {
  it('gives exactly what linking all at once gives, and lets the event loop run between slices', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => row(i));
    const head = 'c'.repeat(64);
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const check = setImmediate(() => turns++);
    try {
      const sliced = await slicedLinker(10)(head, rows);
      expect(sliced).toEqual(inlineLinker(head, rows));
      // 3 slices → 2 yields, during which the immediate queued before the first slice ran.
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(ticking);
      clearImmediate(check);
    }
    // A batch no larger than a slice is linked at once, without giving the event loop a turn.
    let ranBetween = false;
    const immediate = setImmediate(() => { ranBetween = true; });
    expect(await slicedLinker(10)(head, rows.slice(0, 10))).toEqual(inlineLinker(head, rows.slice(0, 10)));
    expect(ranBetween).toBe(false);
    clearImmediate(immediate);
  });
});

