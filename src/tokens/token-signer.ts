import { Worker } from 'node:worker_threads';
import type { SigningKey } from './signing-keys.js';

/** Signs a JWS signing input (`header.payload`) with a ring key; the base64url signature. */
export interface TokenSigner {
  sign(key: SigningKey, input: string): Promise<string>;
  close(): Promise<void>;
}

/** Signs on the event loop (no threads). */
export const inlineSigner: TokenSigner = {
  sign: async (key, input) => key.sign(Buffer.from(input)).toString('base64url'),
  close: async () => undefined,
};

const WORKER_URL = new URL('../../workers/signing-worker.cjs', import.meta.url);

interface Batch {
  kids: string[];
  inputs: string[];
  settle: Array<{ resolve(signature: string): void; reject(error: Error): void }>;
}

interface Thread {
  worker: Worker;
  /** kids whose private key this thread holds. */
  kids: Set<string>;
  inFlight: Map<number, Batch>;
}

/**
 * Token signatures on worker threads. An Ed25519 signature is the largest single cost of issuing
 * a token (40–70 µs here); on the event loop it caps a process at one core's worth of tokens
 * while the other cores idle. Signing inputs gathered during one turn of the event loop go to a
 * thread as one message, so the hand-off costs little per token. A thread that dies fails only
 * its in-flight batch; the next batch starts a new one.
 */
export function createThreadedSigner(threadCount: number): TokenSigner {
  const threads: Thread[] = [];
  let pending: Batch | null = null;
  let nextBatchId = 1;
  let closed = false;

  const start = (): Thread => {
    const worker = new Worker(WORKER_URL);
    const thread: Thread = { worker, kids: new Set(), inFlight: new Map() };
    worker.on('message', (message: { id: number; signatures: Array<string | null> }) => {
      const batch = thread.inFlight.get(message.id);
      if (!batch) return;
      thread.inFlight.delete(message.id);
      batch.settle.forEach((s, i) => {
        const signature = message.signatures[i];
        if (signature) s.resolve(signature);
        else s.reject(new Error(`signing thread has no key ${batch.kids[i]}`));
      });
      refs();
    });
    const fail = (error: Error): void => {
      const index = threads.indexOf(thread);
      if (index >= 0) threads.splice(index, 1);
      for (const batch of thread.inFlight.values()) for (const s of batch.settle) s.reject(error);
      thread.inFlight.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`signing thread exited with code ${code}`)));
    threads.push(thread);
    return thread;
  };

  // A thread keeps the process alive only while it owes signatures.
  const refs = (): void => {
    for (const thread of threads) {
      if (thread.inFlight.size > 0) thread.worker.ref();
      else thread.worker.unref();
    }
  };

  const keys = new Map<string, SigningKey['privateKey']>();

  const flush = (): void => {
    const batch = pending!;
    pending = null;
    let thread: Thread | undefined;
    for (const t of threads) if (!thread || t.inFlight.size < thread.inFlight.size) thread = t;
    if (!thread || (thread.inFlight.size > 0 && threads.length < threadCount)) thread = start();
    // Keys travel ahead of the first batch that needs them (a port keeps message order).
    for (const kid of batch.kids) {
      if (thread.kids.has(kid)) continue;
      thread.worker.postMessage({ kid, key: keys.get(kid) });
      thread.kids.add(kid);
    }
    const id = nextBatchId++;
    thread.inFlight.set(id, batch);
    thread.worker.postMessage({ id, kids: batch.kids, inputs: batch.inputs });
    refs();
  };

  return {
    sign(key, input) {
      if (closed) return inlineSigner.sign(key, input);
      if (!keys.has(key.kid)) keys.set(key.kid, key.privateKey);
      return new Promise<string>((resolve, reject) => {
        if (!pending) {
          pending = { kids: [], inputs: [], settle: [] };
          setImmediate(flush);
        }
        pending.kids.push(key.kid);
        pending.inputs.push(input);
        pending.settle.push({ resolve, reject });
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
