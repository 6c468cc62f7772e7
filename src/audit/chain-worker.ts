import { Worker } from 'node:worker_threads';
import type { ChainLinker, LinkedRows, UnlinkedRow } from './chain-link.js';

const WORKER_URL = new URL('../../workers/audit-worker.cjs', import.meta.url);

export interface ChainWorker {
  link: ChainLinker;
  close(): Promise<void>;
}

/**
 * A worker thread that hashes batches of request events into their chain and writes their COPY
 * text (about 10 µs of work per event here), so the event loop keeps serving requests. One thread:
 * a chain is sequential, and a flush is one batch per workspace. A thread that dies fails its
 * pending batches (the writer keeps them for the next flush); the next batch starts a new one.
 */
export function createChainWorker(): ChainWorker {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(linked: LinkedRows): void; reject(error: Error): void }>();
  let closed = false;

  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const started = (): Worker => {
    if (worker) return worker;
    const thread = new Worker(WORKER_URL);
    thread.on('message', (message: { id: number; text?: string; hashes?: string[]; error?: string }) => {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (message.error !== undefined) p.reject(new Error(`audit worker: ${message.error}`));
      else p.resolve({ text: message.text!, hashes: message.hashes! });
      if (pending.size === 0) thread.unref();
    });
    const fail = (error: Error): void => {
      if (worker === thread) worker = null;
      failAll(error);
    };
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`audit worker exited with code ${code}`)));
    worker = thread;
    return thread;
  };

  return {
    link(headHash: string, rows: readonly UnlinkedRow[]): Promise<LinkedRows> {
      if (closed) return Promise.reject(new Error('audit worker closed'));
      const thread = started();
      const id = nextId++;
      return new Promise<LinkedRows>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.ref();
        thread.postMessage({ id, headHash, rows });
      });
    },
    async close() {
      closed = true;
      await worker?.terminate();
      worker = null;
    },
  };
}
