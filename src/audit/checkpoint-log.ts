import type { Queryable } from '../store/database.js';
import { readChainHeads, signCheckpoint, type SignStatement } from './chain-checkpoint.js';

/** One logged checkpoint: what `GET /v1/events/head` answers, for every chain that moved. */
export interface LoggedCheckpoint {
  /** null: the account-level chain (events that belong to no single workspace). */
  workspace_id: string | null;
  chain_seq: number;
  hash: string;
  event_id: string | null;
  checkpoint: string;
}

export interface CheckpointLogOptions {
  db: Queryable;
  sign: SignStatement;
  /** 0: off. */
  intervalMinutes: number;
  log: (checkpoint: LoggedCheckpoint) => void;
  onError: (error: unknown) => void;
}

/**
 * Writes a signed checkpoint of every audit chain that moved to the log, every
 * WARDEN_AUDIT_CHECKPOINT_MINUTES: where logs are shipped to a system Warden's database
 * credentials cannot write (a SIEM), they anchor the chains without anyone polling
 * `GET /v1/events/head`. Each instance logs on its own (a cluster logs the same facts more than
 * once; harmless). The first run after start logs every chain.
 */
export class CheckpointLog {
  private readonly logged = new Map<string, number>();
  private readonly timer: NodeJS.Timeout | null;

  constructor(private readonly options: CheckpointLogOptions) {
    this.timer = options.intervalMinutes > 0 ? setInterval(() => void this.run().catch(options.onError), options.intervalMinutes * 60_000) : null;
    this.timer?.unref();
  }

  /** Logs the chains whose head moved since the last run; returns how many. */
  async run(): Promise<number> {
    const heads = await readChainHeads(this.options.db);
    let count = 0;
    for (const head of heads) {
      if (this.logged.get(head.chain) === head.chain_seq) continue;
      const workspaceId = head.chain === '' ? null : head.chain;
      const facts = { chain_seq: head.chain_seq, hash: head.hash, event_id: head.event_id };
      this.options.log({ workspace_id: workspaceId, ...facts, checkpoint: await signCheckpoint(this.options.sign, workspaceId, facts) });
      this.logged.set(head.chain, head.chain_seq);
      count++;
    }
    return count;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
