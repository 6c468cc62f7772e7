import { getPriority, platform } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createPasswordWorkerPool, PASSWORD_WORKER_NICE, type PasswordWorkerPool } from './password-workers.js';

// Cheap parameters: these tests are about the pool, not argon2's cost.
const FAST = { algorithm: 2, memoryCost: 1024, timeCost: 1, parallelism: 1 };

describe('password worker pool', () => {
  let pool: PasswordWorkerPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('hashes with the given argon2id options and verifies right and wrong passwords', async () => {
    pool = createPasswordWorkerPool(FAST, 1);
    const hash = await pool.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await pool.verify(hash, 'correct horse battery')).toBe(true);
    expect(await pool.verify(hash, 'correct horse batterY')).toBe(false);
  });

  it('rejects (does not hang) on a malformed hash, and keeps serving afterwards', async () => {
    pool = createPasswordWorkerPool(FAST, 1);
    await expect(pool.verify('not-a-phc-string', 'x')).rejects.toThrow(/^argon2: /);
    const hash = await pool.hash('still working fine');
    expect(await pool.verify(hash, 'still working fine')).toBe(true);
  });

  it('runs at most `size` threads and queues the rest in order', async () => {
    pool = createPasswordWorkerPool(FAST, 2);
    const hashes = await Promise.all(Array.from({ length: 7 }, (_, i) => pool!.hash(`password number ${i}`)));
    expect(new Set(hashes).size).toBe(7);
    expect(await Promise.all(hashes.map((h, i) => pool!.verify(h, `password number ${i}`)))).toEqual(Array(7).fill(true));
    expect(await pool.threadIds()).toHaveLength(2);
    pool.setSize(1);
    expect(await pool.threadIds()).toHaveLength(1);
  });

  it('a worker that dies (or never starts) still answers the job, on libuv\'s pool', async () => {
    for (const broken of ['data:text/javascript,process.exit(3)', 'file:///nonexistent/password-worker.cjs']) {
      pool = createPasswordWorkerPool(FAST, 1, new URL(broken));
      const hash = await pool.hash('survives a dead worker');
      expect(await pool.verify(hash, 'survives a dead worker')).toBe(true);
      expect(await pool.verify(hash, 'another password here')).toBe(false);
      await pool.close();
      pool = undefined;
    }
  });

  it.runIf(platform() === 'linux')('lowers each worker thread to nice 19 and leaves the main thread alone', async () => {
    const mainPriority = getPriority(process.pid);
    pool = createPasswordWorkerPool(FAST, 2);
    await Promise.all([pool.hash('aaaaaaaaaa'), pool.hash('bbbbbbbbbb')]);
    const tids = await pool.threadIds();
    expect(tids).toHaveLength(2);
    for (const tid of tids) {
      expect(tid).toBeGreaterThan(process.pid);
      expect(getPriority(tid!)).toBe(PASSWORD_WORKER_NICE);
    }
    expect(getPriority(process.pid)).toBe(mainPriority);
  });
});
