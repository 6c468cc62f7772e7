import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * argon2id runs in a small pool of worker threads (workers/password-worker.cjs) that lower their
 * own CPU priority to nice 19. On Linux the nice value is per thread, so a burst of logins soaks
 * up every idle core while the event loop (every other request) still wins the CPU whenever it
 * has work: logins get the whole machine without making API calls slow.
 */
const WORKER_URL = new URL('../../workers/password-worker.cjs', import.meta.url);

/** Lowest priority: the worker threads only get CPU the event loop does not want. */
export const PASSWORD_WORKER_NICE = 19;

type Job =
  | { op: 'hash'; password: string }
  | { op: 'verify'; hash: string; password: string };

interface Pending {
  job: Job;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: { id: number; pending: Pending } | undefined;
  tid: number | null;
}

export interface PasswordWorkerPool {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Worker threads at most; 0 = one per core. Takes effect for threads started from now on. */
  setSize(size: number): void;
  /** Thread ids of the running workers (null where the platform gives none) — for tests and ops. */
  threadIds(): Promise<Array<number | null>>;
  close(): Promise<void>;
}

export function createPasswordWorkerPool(argon2Options: object, initialSize = 0, workerUrl: URL = WORKER_URL): PasswordWorkerPool {
  const onLibuvPool = (pending: Pending): void => {
    const { job } = pending;
    const work = job.op === 'hash' ? hash(job.password, argon2Options as Options) : verify(job.hash, job.password);
    work.then(pending.resolve, (error: unknown) => pending.reject(new Error(`argon2: ${String((error as Error)?.message ?? error)}`)));
  };
  let size = sizeFor(initialSize);
  let nextId = 1;
  const slots: Slot[] = [];
  const queue: Pending[] = [];
  const ready = new Map<Worker, Promise<void>>();

  const start = (): Slot => {
    const worker = new Worker(workerUrl, { workerData: { options: argon2Options, nice: PASSWORD_WORKER_NICE } });
    const slot: Slot = { worker, busy: undefined, tid: null };
    ready.set(worker, new Promise<void>((resolve) => {
      const onReady = (message: { ready?: boolean; tid?: number | null }): void => {
        if (!message.ready) return;
        slot.tid = message.tid ?? null;
        worker.off('message', onReady);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('exit', () => resolve());
    }));
    worker.on('message', (message: { id?: number; value?: unknown; error?: string }) => {
      if (message.id === undefined || slot.busy?.id !== message.id) return;
      const { pending } = slot.busy;
      slot.busy = undefined;
      if (message.error !== undefined) pending.reject(new Error(`argon2: ${message.error}`));
      else pending.resolve(message.value);
      dispatch();
    });
    const fail = (): void => {
      const index = slots.indexOf(slot);
      if (index >= 0) slots.splice(index, 1);
      ready.delete(worker);
      // The job still gets its answer: from argon2 on libuv's pool, at normal priority.
      if (slot.busy) onLibuvPool(slot.busy.pending);
      slot.busy = undefined;
      dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const dispatch = (): void => {
    while (queue.length > 0) {
      let slot = slots.find((s) => s.busy === undefined);
      if (!slot && slots.length < size) slot = start();
      if (!slot) break;
      const pending = queue.shift()!;
      const id = nextId++;
      slot.busy = { id, pending };
      slot.worker.postMessage({ id, ...pending.job });
    }
    // A worker holds the process open only while it has a job (a CLI awaiting a hash must not exit).
    for (const slot of slots) {
      if (slot.busy) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  const submit = <T>(job: Job): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
      dispatch();
    });

  return {
    hash: (password) => submit<string>({ op: 'hash', password }),
    verify: (hash, password) => submit<boolean>({ op: 'verify', hash, password }),
    setSize(newSize) {
      size = sizeFor(newSize);
      // Idle workers above the new size go; busy ones finish their job first and are then idle.
      for (const slot of slots.filter((s) => s.busy === undefined).slice(0, Math.max(0, slots.length - size))) {
        slots.splice(slots.indexOf(slot), 1);
        ready.delete(slot.worker);
        void slot.worker.terminate();
      }
      dispatch();
    },
    async threadIds() {
      await Promise.all(slots.map((s) => ready.get(s.worker)));
      return slots.map((s) => s.tid);
    },
    async close() {
      const workers = slots.map((s) => s.worker);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

function sizeFor(size: number): number {
  return size > 0 ? size : availableParallelism();
}
