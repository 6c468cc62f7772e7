import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/open-database.js';
import { processEnv, startWardenProcess } from './helpers/warden-process.js';

// The CLI runs compiled (`npm test` builds first, as `npm start` does).
const CLI = join(process.cwd(), 'dist/cli/main.js');
const PASSWORD = 'correct horse battery staple';


function runCli(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: processEnv(env), encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}


function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('warden CLI on the embedded store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warden-cli-'));
  const env = { WARDEN_DATA_DIR: dataDir };
  let adminKey = '';
  let workspaceId = '';

  it('bootstrap --json creates the first workspace, owner and an admin key, printed once', () => {
    const result = runCli(['bootstrap', '--email', 'founder@bank.example', '--password', PASSWORD, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.user.email).toBe('founder@bank.example');
    expect(out.workspace.id).toMatch(/^wsp_/);
    expect(out.api_key.scopes).toEqual(['*:*']);
    expect(out.api_key.key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);
    expect(out.warning).toMatch(/never be shown again/);
    adminKey = out.api_key.key;
    workspaceId = out.workspace.id;
  });

  it('bootstrap refuses a second time', () => {
    const again = runCli(['bootstrap', '--email', 'other@bank.example', '--password', PASSWORD], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already bootstrapped/);
    expect(again.stdout).toBe('');
  });

  it('bootstrap validates its arguments', () => {
    expect(runCli(['bootstrap', '--email', 'x@y.z'], env).stderr).toMatch(/--email and --password are required/);
    expect(runCli(['bootstrap', '--email', 'x@y.z', '--password', 'short'], env).stderr).toMatch(/--password must be/);
    expect(runCli(['bootstrap', '--bogus'], env).status).toBe(1);
  });

  it('migrate reports an up-to-date store', () => {
    const result = runCli(['migrate'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/up to date/);
  });

  it('a wrong setting stops start-up with a message naming it', () => {
    const result = runCli(['start'], { ...env, PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid setting PORT/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('serves the bootstrap key, refuses a second process on the data dir, and flushes on SIGTERM', async () => {
    const server = await startWardenProcess(env);
    try {
      const me = await fetch(`http://127.0.0.1:${server.port}/v1/me`, { headers: { authorization: `Bearer ${adminKey}` } });
      expect(me.status).toBe(200);
      const body = (await me.json()) as { data: { principal: { type: string; id: string } } };
      expect(body.data.principal.type).toBe('api_key');

      const second = runCli(['migrate'], env);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/in use by another Warden process \(pid \d+\)/);
      expect(second.stderr).toMatch(/single-process/);

      const exited = exitOf(server.child);
      server.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(server.output()).toMatch(/flushing pending writes/);
      expect(existsSync(join(dataDir, 'warden.lock'))).toBe(false);

      // last_used_at was batched in memory and written during the graceful shutdown.
      const db = await openDatabase({ dataDir });
      try {
        const rows = await db.query<{ last_used_at: Date | null }>('select last_used_at from api_keys');
        expect(rows).toHaveLength(1);
        expect(rows[0]!.last_used_at).toBeInstanceOf(Date);
      } finally {
        await db.close();
      }
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });

  it('users disable / enable: operator switch for an account, with clear errors', () => {
    const disabled = runCli(['users', 'disable', '--email', 'FOUNDER@bank.example', '--json'], env);
    expect(disabled.stderr).toBe('');
    expect(disabled.status).toBe(0);
    const out = JSON.parse(disabled.stdout);
    expect(out.user.email).toBe('founder@bank.example');
    expect(out.user.disabled_at).toMatch(/^\d{4}-/);
    const enabled = runCli(['users', 'enable', '--email', 'founder@bank.example'], env);
    expect(enabled.status).toBe(0);
    expect(enabled.stdout).toMatch(/^Enabled founder@bank\.example \(usr_/);
    const unknown = runCli(['users', 'disable', '--email', 'nobody@bank.example'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('warden: No user has the e-mail address nobody@bank.example\n');
    expect(runCli(['users', 'frobnicate'], env).stderr).toMatch(/usage: warden users disable\|enable/);
    expect(runCli(['users', 'disable'], env).stderr).toMatch(/--email is required/);
  });

  it('audit verify: walks a chain offline (the account-level one too), against a checkpoint; exits 3 when it breaks', async () => {
    const ok = runCli(['audit', 'verify', '--workspace', workspaceId, '--json'], env);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({ workspace_id: workspaceId, valid: true, first_break: null, head: { chain_seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(report.checked).toBe(report.head.chain_seq);
    const { chain_seq: seq, hash } = report.head;
    const anchored = runCli(['audit', 'verify', '--workspace', workspaceId, '--anchor-seq', String(seq), '--anchor-hash', hash], env);
    expect(anchored.status).toBe(0);
    expect(anchored.stdout).toBe(`workspace ${workspaceId}: valid, ${seq} event(s) checked, head ${seq} ${hash}; checkpoint matched\n`);
    // The account-level chain (users disable / enable above wrote there) is reachable only from here.
    const account = JSON.parse(runCli(['audit', 'verify', '--account', '--json'], env).stdout);
    expect(account).toMatchObject({ workspace_id: null, valid: true });
    expect(account.checked).toBeGreaterThanOrEqual(2);

    // Someone edits a stored event.
    const db = await openDatabase({ dataDir });
    try {
      await db.query("update audit_events set ip = '203.0.113.9' where workspace_id = $1 and chain_seq = 1", [workspaceId]);
    } finally {
      await db.close();
    }
    const broken = runCli(['audit', 'verify', '--workspace', workspaceId], env);
    expect(broken.status).toBe(3);
    expect(broken.stdout).toMatch(new RegExp(`^workspace ${workspaceId}: BROKEN at chain_seq 1 \\(evt_[0-9A-Za-z]+\\): .*edited`));

    expect(runCli(['audit', 'verify'], env).stderr).toMatch(/give --workspace W or --account/);
    expect(runCli(['audit', 'verify', '--account', '--anchor-seq', '1'], env).stderr).toMatch(/go together/);
    expect(runCli(['audit', 'verify', '--account', '--anchor-seq', '1', '--anchor-hash', 'zz'], env).stderr).toMatch(/64 lowercase hex/);
    expect(runCli(['audit', 'frobnicate'], env).status).toBe(1);
  });

  it('help lists the commands; an unknown command exits 2', () => {
    expect(runCli(['help'], env).stdout).toMatch(/bootstrap --email/);
    expect(runCli(['help'], env).stdout).toMatch(/users disable --email/);
    expect(runCli(['help'], env).stdout).toMatch(/audit verify \(--workspace W \| --account\)/);
    expect(runCli(['frobnicate'], env).status).toBe(2);
  });
});

describe.runIf(process.env.DATABASE_URL)('warden CLI on PostgreSQL', () => {
  const schema = `cli_${randomBytes(5).toString('hex')}`;
  const admin = (): pg.Client => new pg.Client({ connectionString: process.env.DATABASE_URL });
  let url = '';
  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`create schema ${schema}`);
    await client.end();
    const parsed = new URL(process.env.DATABASE_URL!);
    parsed.searchParams.set('options', `-c search_path=${schema}`);
    url = parsed.toString();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`drop schema ${schema} cascade`);
    await client.end();
  });

  it('migrates and bootstraps against DATABASE_URL', () => {
    expect(runCli(['migrate'], { DATABASE_URL: url }).stdout).toMatch(/Applied migrations: 1/);
    const result = runCli(['bootstrap', '--email', 'pg@bank.example', '--password', PASSWORD, '--environment', 'test', '--json'], { DATABASE_URL: url });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).api_key.key).toMatch(/^wk_test_/);
  });
});
