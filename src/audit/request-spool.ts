import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { lockDataDir } from '../store/data-dir-lock.js';
import type { BacklogSnapshot, RequestBacklog } from './request-backlog.js';
import type { RequestEvent } from './request-writer.js';

const FILE_NAME = 'requests.jsonl';
const NEWLINE = 0x0a;

export interface RequestSpoolOptions {
  dir: string;
  /** Told of lines that could not be read back (they are skipped). */
  onError: (error: unknown) => void;
}

const linesIn = (bytes: Uint8Array): number => {
  let count = 0;
  for (const byte of bytes) if (byte === NEWLINE) count++;
  return count;
};

/** Whole lines, each an event as JSON (its id included, so a replay can tell what is stored already). */
const linesOf = (events: readonly RequestEvent[]): string => {
  let text = '';
  for (const event of events) text += `${JSON.stringify(event)}\n`;
  return text;
};

/**
 * The request-event backlog on disk: `{dir}/requests.jsonl`, one event a line, oldest first. What
 * it holds survives the process (and is written at the next start, or as soon as the database
 * answers again). Appends are flushed to the disk before they count as spooled; a crash during one
 * can leave a partial last line, which the next start cuts off. One process per directory (locked).
 */
export class RequestSpool implements RequestBacklog {
  private readonly path: string;
  private readonly unlock: () => void;
  private count: number;
  // File operations one at a time: an append must not land between a read and the rewrite after it.
  private lane: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RequestSpoolOptions) {
    mkdirSync(options.dir, { recursive: true });
    try {
      this.unlock = lockDataDir(options.dir);
    } catch (error) {
      throw new Error(
        `The audit spool directory ${options.dir} (WARDEN_AUDIT_SPOOL_DIR) is in use by another Warden process: each instance needs its own.`,
        { cause: error },
      );
    }
    this.path = join(options.dir, FILE_NAME);
    this.count = existsSync(this.path) ? this.cutPartialLine() : 0;
  }

  /** At start: drops what a crash left of an unfinished last line; returns the whole lines. */
  private cutPartialLine(): number {
    const bytes = readFileSync(this.path);
    const whole = bytes.lastIndexOf(NEWLINE) + 1;
    if (whole < bytes.length) {
      const fd = openSync(this.path, 'r+');
      try {
        ftruncateSync(fd, whole);
      } finally {
        closeSync(fd);
      }
    }
    return linesIn(bytes.subarray(0, whole));
  }

  private inLane<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.lane.then(operation);
    this.lane = result.catch(() => undefined);
    return result;
  }

  get size(): number {
    return this.count;
  }

  add(events: readonly RequestEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.inLane(async () => {
      const file = await open(this.path, 'a');
      try {
        await file.write(linesOf(events));
        await file.datasync();
      } finally {
        await file.close();
      }
      this.count += events.length;
    });
  }

  read(): Promise<BacklogSnapshot> {
    return this.inLane(async () => {
      const bytes = await this.bytes();
      const events: RequestEvent[] = [];
      let unreadable = 0;
      for (const line of bytes.toString('utf8').split('\n')) {
        if (line === '') continue;
        try {
          events.push(JSON.parse(line) as RequestEvent);
        } catch {
          unreadable++;
        }
      }
      if (unreadable > 0) this.options.onError(new Error(`audit spool: ${unreadable} unreadable line(s) in ${this.path} skipped`));
      return { events, end: bytes.length };
    });
  }

  settle(unwritten: readonly RequestEvent[], end: number): Promise<void> {
    return this.inLane(async () => {
      const rest = (await this.bytes()).subarray(end);
      if (unwritten.length === 0 && rest.length === 0) {
        await unlink(this.path).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        this.count = 0;
        return;
      }
      // A new file renamed over the old one: a crash leaves one or the other, whole.
      const next = `${this.path}.next`;
      const file = await open(next, 'w');
      try {
        await file.write(linesOf(unwritten));
        await file.write(rest);
        await file.datasync();
      } finally {
        await file.close();
      }
      await rename(next, this.path);
      this.count = unwritten.length + linesIn(rest);
    });
  }

  private async bytes(): Promise<Buffer> {
    try {
      return await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.lane;
    this.unlock();
  }
}
