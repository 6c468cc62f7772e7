import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, STORE_KIND } from './helpers/test-app.js';
import { startLiveWarden, type LiveWarden } from './helpers/live-warden.js';
import { CLI, runCli as cli, type CliRun as Run } from './helpers/run-cli.js';

describe(`warden clients, agents, members, events, usage against a running Warden (${STORE_KIND})`, () => {
  let w: LiveWarden;
  let env: Record<string, string>;
  const run = (...args: string[]): Promise<Run> => cli(args, env);

  beforeAll(async () => {
    w = await startLiveWarden({ env: { WARDEN_SCOPE_RESOURCES: 'deals' } });
    env = { WARDEN_URL: w.url, WARDEN_API_KEY: w.adminKey };
  });
  afterAll(async () => w?.close());

  it('clients: create (secret once), list, rotate-secret, delete', async () => {
    const created = JSON.parse((await run('clients', 'create', '--name', 'erp', '--scopes', 'deals:read', '--token-ttl', '600', '--json')).stdout);
    expect(created).toMatchObject({ name: 'erp', token_ttl_seconds: 600, client_secret: expect.stringMatching(/^cs_/) });
    const table = (await run('clients', 'list')).stdout;
    expect(table).toMatch(/^CLIENT ID\s+NAME\s+ENV\s+SCOPES\s+TOKEN TTL\s+CREATED\n/);
    expect(table).toContain(created.client_id);
    const rotated = await run('clients', 'rotate-secret', created.client_id);
    expect(rotated.stdout).toMatch(/client_secret: cs_\w+\n\nSAVE THIS SECRET NOW/);
    expect((await run('clients', 'delete', created.client_id)).stdout).toBe(`Deleted ${created.client_id}; its tokens are refused.\n`);
    expect((await run('clients', 'get', created.client_id)).status).toBe(6);
  });

  it('agents: create with a JWK or raw key, list, revoke', async () => {
    const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const created = await run('agents', 'create', '--name', 'bot', '--scopes', 'deals:read', '--public-key', JSON.stringify(jwk));
    expect(created.stdout).toMatch(/^Registered agent agt_\w+ \(bot\)\.\n$/);
    const raw = JSON.parse((await run('agents', 'create', '--name', 'bot2', '--scopes', 'deals:read', `--public-key=${generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!}`, '--json')).stdout);
    expect(raw.id).toMatch(/^agt_/);
    expect((await run('agents', 'list')).stdout).toMatch(/bot2\s+live\s+deals:read/);
    expect((await run('agents', 'revoke', raw.id)).status).toBe(0);
  });

  it('agents update: name, scopes, max token TTL; nothing to update is a usage error', async () => {
    // A base64url key may start with '-': `--public-key=KEY` keeps it from reading as an option.
    const key = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const registered = await run('agents', 'create', '--name', 'upd', '--scopes', 'deals:read,deals:write', `--public-key=${key}`, '--json');
    expect(registered.stderr).toBe('');
    const agent = JSON.parse(registered.stdout);
    const updated = await run('agents', 'update', agent.id, '--name', 'upd-2', '--scopes', 'deals:read', '--max-token-ttl', '300');
    expect(updated.stdout).toBe(`Updated agent ${agent.id} (upd-2).\n`);
    expect(JSON.parse((await run('agents', 'get', agent.id, '--json')).stdout)).toMatchObject({ name: 'upd-2', scopes: ['deals:read'], max_token_ttl_seconds: 300 });
    const nothing = await run('agents', 'update', agent.id);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('Nothing to update');
    const missing = await run('agents', 'update', 'agt_doesnotexist', '--name', 'x');
    expect(missing.status).toBe(6);
    // Failures name Warden's request id (X-Request-Id), for the server's logs.
    expect(missing.stderr).toMatch(/\[request [A-Za-z0-9._-]+\]/);
  });

  it('workspaces: list (a key: its own), create with a user session (a key is refused)', async () => {
    const listed = await run('workspaces', 'list');
    expect(listed.stdout).toMatch(new RegExp(`^ID\\s+NAME\\s+ROLE\\n${w.owner.workspaceId}\\s`));
    expect(JSON.parse((await run('workspaces', 'list', '--json')).stdout).map((x: { id: string }) => x.id)).toEqual([w.owner.workspaceId]);

    const byKey = await run('workspaces', 'create', '--name', 'Side project');
    expect(byKey.status).toBe(5);
    expect(byKey.stderr).toMatch(/^warden: session_required \(403\)/);

    const asUser = (...args: string[]): Promise<Run> => cli(args, { ...env, WARDEN_API_KEY: w.owner.session });
    const created = await asUser('workspaces', 'create', '--name', 'Side project');
    expect(created.stdout).toMatch(/^Created workspace \S+ \(Side project\); you are its owner\.\n$/);
    const mine = JSON.parse((await asUser('workspaces', 'list', '--json')).stdout);
    expect(mine).toHaveLength(2);
    expect(mine).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Side project', role: 'owner' })]));
    expect((await asUser('workspaces', 'create')).status).toBe(2);
    expect((await run('workspaces', 'rename')).status).toBe(2);
  });

  it('members: list (the key\'s workspace by default), invite', async () => {
    const list = await run('members', 'list');
    expect(list.stdout).toMatch(new RegExp(`^USER ID\\s+EMAIL\\s+NAME\\s+ROLE\\s+JOINED\\n${w.owner.userId}\\s+${w.owner.email.replace('.', '\\.')}\\s+-\\s+owner\\s`));
    const invited = await run('members', 'invite', '--email', 'analyst@bank.example', '--role', 'viewer');
    expect(invited.stdout).toMatch(/^Invited analyst@bank\.example as viewer; the invitation expires \d{4}-/);
    expect((await run('members', 'invite', '--email', 'x@y.z', '--role', 'king')).status).toBe(2);
  });

  it('events list filters; events tail prints live events until interrupted (exit 0)', async () => {
    const listed = JSON.parse((await run('events', 'list', '--type', 'key.created', '--json')).stdout);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((e: { type: string }) => e.type === 'key.created')).toBe(true);

    const tail = spawn(process.execPath, [CLI, 'events', 'tail', '--type', 'key.created', '--json'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const firstLine = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event in time: ${out}`)), 20_000);
        tail.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) {
            clearTimeout(timer);
            resolve(out.split('\n')[0]!);
          }
        });
      });
      // The stream may not be open yet: create keys until the tail prints one.
      const made: string[] = [];
      const poll = setInterval(() => void createKey(w.app, { apiKey: w.adminKey }, { name: 'tail', scopes: ['deals:read'] }).then((k) => made.push(k.id)), 300);
      let event: { type: string; target: { id: string } };
      try {
        event = JSON.parse(await firstLine);
      } finally {
        clearInterval(poll);
      }
      expect(event.type).toBe('key.created');
      expect(made).toContain(event.target.id);
      const exited = new Promise<number | null>((resolve) => tail.once('exit', (code) => resolve(code)));
      tail.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (tail.exitCode === null) tail.kill('SIGKILL');
    }
  });

  it('usage answers counts; completion prints a bash script', async () => {
    await w.app.warden.flush();
    const usage = await run('usage', '--granularity', 'day');
    expect(usage.status).toBe(0);
    expect(usage.stdout).toMatch(/^BUCKET\s.*REQUESTS\n/);
    expect(usage.stdout).toMatch(/\nTotal: \d+ requests \(day/);
    expect(JSON.parse((await run('usage', '--json')).stdout).totals.requests).toBeGreaterThan(0);
    const completion = await run('completion', 'bash');
    expect(completion.stdout).toContain('complete -F _warden warden');
    expect(completion.stdout).toContain('create list get update rotate revoke');
  });
});
