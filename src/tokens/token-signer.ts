import { Worker } from 'node:worker_threads';
import type { SigningKey } from './signing-keys.js';

/** Signs a JWS signing input (`header.payload`) with a ring key; the base64url signature. */
export interface TokenSigner {
  sign(key: SigningKey, input: string): Promise<string>;
  close(): Promise<void>;
}

const signInline = (key: SigningKey, input: string): string => key.sign(Buffer.from(input)).toString('base64url');

/** Signs on the event loop (no threads). */
export const inlineSigner: TokenSigner = {
  sign: async (key, input) => signInline(key, input),
  close: async () => undefined,
};

const WORKER_URL = new URL('../../workers/signing-worker.cjs', import.meta.url);

interface Batch {
  keys: SigningKey[];
  inputs: string[];
  settle: Array<(signature: string) => void>;
}

interface Thread {
  worker: Worker;
  /** kids whose private key this thread holds. */
  kids: Set<string>;
  inFlight: Map<number, Batch>;
}

/** Signs a batch on the event loop: the fallback when a thread cannot. */
function settleInline(batch: Batch): void {
  batch.settle.forEach((resolve, i) => resolve(signInline(batch.keys[i]!, batch.inputs[i]!)));
}

/**
 * Token signatures on worker threads. An Ed25519 signature is the largest single cost of issuing
 * a token (40–70 µs here); on the event loop it caps a process at one core's worth of tokens
 * while the other cores idle. Signing inputs gathered during one turn of the event loop go to a
 * thread as one message, so the hand-off costs little per token. When a thread cannot be started
 * or dies, its batches are signed on the event loop instead (the request still gets its token);
 * the next batch starts a new thread.
 */
export function createThreadedSigner(threadCount: number, workerUrl: URL = WORKER_URL): TokenSigner {
  const threads: Thread[] = [];
  let pending: Batch | null = null;
  let nextBatchId = 1;
  let closed = false;

  const start = (): Thread => {
    const worker = new Worker(workerUrl);
    const thread: Thread = { worker, kids: new Set(), inFlight: new Map() };
    worker.on('message', (message: { id: number; signatures: Array<string | null> }) => {
      const batch = thread.inFlight.get(message.id);
      if (!batch) return;
      thread.inFlight.delete(message.id);
      batch.settle.forEach((resolve, i) => resolve(message.signatures[i] ?? signInline(batch.keys[i]!, batch.inputs[i]!)));
      refs();
    });
    const fail = (): void => {
      const index = threads.indexOf(thread);
      if (index >= 0) threads.splice(index, 1);
      for (const batch of thread.inFlight.values()) settleInline(batch);
      thread.inFlight.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
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

  const flush = (): void => {
    const batch = pending!;
    pending = null;
    try {
      let thread: Thread | undefined;
      for (const t of threads) if (!thread || t.inFlight.size < thread.inFlight.size) thread = t;
      if (!thread || (thread.inFlight.size > 0 && threads.length < threadCount)) thread = start();
      // Keys travel ahead of the first batch that needs them (a port keeps message order).
      for (const key of batch.keys) {
        if (thread.kids.has(key.kid)) continue;
        thread.worker.postMessage({ kid: key.kid, key: key.privateKey });
        thread.kids.add(key.kid);
      }
      const id = nextBatchId++;
      thread.inFlight.set(id, batch);
      thread.worker.postMessage({ id, kids: batch.keys.map((key) => key.kid), inputs: batch.inputs });
      refs();
    } catch {
      settleInline(batch);
    }
  };

  return {
    sign(key, input) {
      if (closed) return inlineSigner.sign(key, input);
      return new Promise<string>((resolve) => {
        if (!pending) {
          pending = { keys: [], inputs: [], settle: [] };
          setImmediate(flush);
        }
        pending.keys.push(key);
        pending.inputs.push(input);
        pending.settle.push(resolve);
      });
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
