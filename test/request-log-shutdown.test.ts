import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/open-database.js';
import { verifyChain } from '../src/audit/event-queries.js';
import { processEnv, startWardenProcess } from './helpers/warden-process.js';

// The CLI runs compiled (`npm test` builds first, as `npm start` does).
const CLI = join(process.cwd(), 'dist/cli/main.js');
const REQUESTS = 400;
const CONNECTIONS = 16;



/**
 * Issue 15: a clean shutdown loses no request event. A real `warden start` process serves a burst
 * of authenticated requests and gets SIGTERM as soon as the last answer is in — while the events
 * of the last flush interval are still queued in memory; the shutdown writes them.
 */
describe('request log: SIGTERM loses no request event (warden start, embedded store)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-reqlog-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`${REQUESTS} requests answered, SIGTERM right after the last one: ${REQUESTS} request events stored, the chain verifies`, async () => {
    const env = { WARDEN_DATA_DIR: dataDir, WARDEN_AUDIT_FLUSH_MS: '250' };
    const boot = spawnSync(process.execPath, [CLI, 'bootstrap', '--email', 'ops@bank.example', '--password', 'correct horse battery staple', '--json'], {
      env: processEnv(env), encoding: 'utf8', timeout: 60_000,
    });
    expect(boot.status, boot.stderr).toBe(0);
    const { api_key: apiKey, workspace } = JSON.parse(boot.stdout) as { api_key: { id: string; key: string }; workspace: { id: string } };

    const server = await startWardenProcess(env);
    try {
      let next = 0;
      let ok = 0;
      const worker = async (): Promise<void> => {
        while (next < REQUESTS) {
          const n = next++;
          const response = await fetch(`http://127.0.0.1:${server.port}/v1/me?n=${n}`, {
            headers: { authorization: `Bearer ${apiKey.key}` }, signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          if (response.status === 200) ok++;
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      expect(ok).toBe(REQUESTS);
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }

    const db = await openDatabase({ dataDir });
    try {
      const [stored] = await db.query<{ n: number; distinct_n: number }>(
        "select count(*)::int as n, count(distinct path)::int as distinct_n from audit_log where type = 'request' and actor_id = $1 and path like '/v1/me?n=%'",
        [apiKey.id],
      );
      expect(stored).toEqual({ n: REQUESTS, distinct_n: REQUESTS });
      const [batches] = await db.query<{ n: number }>('select count(*)::int as n from request_batches where workspace_id = $1', [workspace.id]);
      expect(batches!.n).toBeLessThan(REQUESTS);
      expect(await verifyChain(db, workspace.id)).toMatchObject({ valid: true, first_break: null });
    } finally {
      await db.close();
    }
  }, 120_000);
});
