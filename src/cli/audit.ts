import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { openConfiguredDatabase } from '../server/start.js';
import { migrate } from '../store/migrate.js';
import { verifyAgainst } from '../audit/chain-checkpoint.js';
import { UsageError } from './users.js';

const USAGE = 'usage: warden audit verify (--workspace W | --account) [--anchor-seq N --anchor-hash H] [--json]';

/** Exit status of a chain that does not verify: scripts and cron jobs can alarm on it. */
export const CHAIN_BROKEN_EXIT_CODE = 3;

/**
 * `warden audit verify`: walks a workspace's hash chain — or the account-level chain, which no API
 * credential can reach — straight from the store, optionally against a checkpoint. Offline, for
 * operators and auditors.
 */
export async function runAudit(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'verify') throw new UsageError(USAGE);
  const { values } = parseArgs({
    args: rest,
    options: {
      workspace: { type: 'string' },
      account: { type: 'boolean', default: false },
      'anchor-seq': { type: 'string' },
      'anchor-hash': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if ((values.workspace === undefined) === !values.account) throw new UsageError(`give --workspace W or --account; ${USAGE}`);
  const anchorSeq = values['anchor-seq'];
  const anchorHash = values['anchor-hash'];
  if ((anchorSeq === undefined) !== (anchorHash === undefined)) throw new UsageError('--anchor-seq and --anchor-hash go together');
  if (anchorSeq !== undefined && !/^(0|[1-9][0-9]{0,15})$/.test(anchorSeq)) throw new UsageError('--anchor-seq must be a chain_seq (0, 1, 2, …)');
  if (anchorHash !== undefined && !/^[0-9a-f]{64}$/.test(anchorHash)) throw new UsageError('--anchor-hash must be 64 lowercase hex characters');

  const workspaceId = values.workspace ?? null;
  const db = await openConfiguredDatabase(loadConfig());
  try {
    await migrate(db);
    const anchor = anchorSeq === undefined ? undefined : { chain_seq: Number(anchorSeq), hash: anchorHash! };
    const report = await verifyAgainst(db, workspaceId, {}, anchor);
    const chain = workspaceId === null ? 'account-level chain' : `workspace ${workspaceId}`;
    if (values.json) console.log(JSON.stringify({ workspace_id: workspaceId, ...report }, null, 2));
    else if (report.valid) {
      const { head, anchor } = report;
      console.log(`${chain}: valid, ${report.checked} event(s) checked${head ? `, head ${head.chain_seq} ${head.hash}` : ''}${anchor ? `; checkpoint ${anchor.status}` : ''}`);
    } else {
      const brk = report.first_break!;
      console.log(`${chain}: BROKEN at chain_seq ${brk.chain_seq}${brk.id ? ` (${brk.id})` : ''}: ${brk.reason}`);
    }
    if (!report.valid) process.exitCode = CHAIN_BROKEN_EXIT_CODE;
  } finally {
    await db.close();
  }
}
