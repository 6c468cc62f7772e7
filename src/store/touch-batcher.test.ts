import { describe, expect, it } from 'vitest';
import { createTouchBatcher } from './touch-batcher.js';

describe('createTouchBatcher', () => {
  it('writes only the newest time per id, in one batch, on flush', async () => {
    const writes: Array<Array<readonly [string, number]>> = [];
    const batcher = createTouchBatcher({ write: async (e) => void writes.push([...e]), intervalMs: 60_000, onError: () => undefined });
    batcher.touch('a', 10);
    batcher.touch('a', 30);
    batcher.touch('a', 20);
    batcher.touch('b', 5);
    expect(batcher.pending('a')).toBe(30);
    await batcher.flush();
    expect(writes).toEqual([[['a', 30], ['b', 5]]]);
    expect(batcher.pending('a')).toBeUndefined();
    await batcher.flush();
    expect(writes).toHaveLength(1); // nothing pending → no write
    await batcher.stop();
  });

  it('keeps entries for the next flush when a write fails, and reports the error', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const written: Array<readonly [string, number]> = [];
    const batcher = createTouchBatcher({
      write: async (entries) => {
        if (fail) throw new Error('store down');
        written.push(...entries);
      },
      intervalMs: 60_000,
      onError: (error) => errors.push(error),
    });
    batcher.touch('k', 100);
    await batcher.flush();
    expect(errors).toHaveLength(1);
    expect(batcher.pending('k')).toBe(100);
    fail = false;
    batcher.touch('k', 50); // older than the retained one: must not win
    await batcher.stop();
    expect(written).toEqual([['k', 100]]);
  });

  it('splits large flushes into batches', async () => {
    const sizes: number[] = [];
    const batcher = createTouchBatcher({ write: async (e) => void sizes.push(e.length), intervalMs: 60_000, onError: () => undefined, batchSize: 2 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) batcher.touch(id, 1);
    await batcher.stop();
    expect(sizes).toEqual([2, 2, 1]);
  });
});
