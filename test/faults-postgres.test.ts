import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, createKey, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { expectProblem, type Response } from './helpers/assertions.js';
import { verifyChain } from '../src/audit/event-queries.js';

const DATABASE_URL = process.env.DATABASE_URL;

// Short deadlines, so an outage is answered within a test's patience (the defaults are seconds).
const FAST_DEADLINES = {
  WARDEN_DATABASE_CONNECT_TIMEOUT_MS: '400',
  WARDEN_DATABASE_QUERY_TIMEOUT_MS: '800',
  WARDEN_READYZ_TIMEOUT_MS: '300',
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One statement on the real server, beside the app (never through the proxy). */
async function admin<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** Each answer must be 200 or 503 `store_unavailable` (never 500, never a hang). */
function expectServedOrRefused(response: Response): void {
  if (response.statusCode === 200) return;
  expectProblem(response, 503, 'store_unavailable');
}

describe.skipIf(!DATABASE_URL)('faults between Warden and PostgreSQL', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let apiKey: string;
  let keyId: string;

  beforeAll(async () => {
    const target = new URL(DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    t = await createTestApp({ databaseUrl: proxy.urlFor(DATABASE_URL!), env: FAST_DEADLINES });
    const owner = await registerOwner(t.app);
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'load', scopes: ['api-keys:read'] });
    apiKey = key.key;
    keyId = key.id;
    // Known to the key cache: during an outage the key is still recognised, so every request is audited.
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey } })).statusCode).toBe(200);
  });
  afterEach(() => {
    // Whatever a test did to the network, the next one starts from a working one.
    proxy.cutAll();
    proxy.setMode('forward');
  });
  afterAll(async () => {
    proxy.cutAll();
    proxy.setMode('forward');
    await t?.close();
    await proxy?.close();
  });

  /** Requests until one answers 200 (the store is back); bounded. */
  async function untilServed(): Promise<void> {
    for (let i = 0; i < 50; i++) {
      if ((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey } })).statusCode === 200) return;
      await sleep(50);
    }
    throw new Error('the store did not come back');
  }

  it('a connection killed while a transaction holds it (pg_terminate_backend) is a 503-class error, not an unhandled error event', async () => {
    const outcome = t.db.transaction(async (tx) => {
      const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')) as [{ pid: number }];
      await admin('select pg_terminate_backend($1)', [pid]);
      // Until the server has let the backend go, and its goodbye reached the client between two statements.
      for (let i = 0; i < 100; i++) {
        if ((await admin('select 1 from pg_stat_activity where pid = $1', [pid])).length === 0) break;
        await sleep(20);
      }
      await sleep(100);
      await tx.query('select 1');
    });
    await expect(outcome).rejects.toMatchObject({ code: 'store_unavailable' });
    // The pool dropped the dead connection: the next transaction gets a working one.
    expect(await t.db.transaction((tx) => tx.query<{ n: number }>('select 1 as n'))).toEqual([{ n: 1 }]);
  });

  it('connections cut and refused under load: Warden stays up, answers 503 store_unavailable meanwhile and 200 after; no request event is lost or written twice', async () => {
    let stop = false;
    let sent = 0;
    const answers: Response[] = [];
    const agents: string[] = [];
    // Four clients, each at most 150 requests: bounded whatever happens.
    const worker = async (): Promise<void> => {
      for (let i = 0; i < 150 && !stop; i++) {
        // Each request told apart in the audit trail by its User-Agent.
        const agent = `load-${sent++}`;
        const response = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey }, headers: { 'user-agent': agent } });
        answers.push(response);
        agents.push(agent);
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    await sleep(100);
    proxy.setMode('refuse');
    proxy.cutAll();
    // The outage lasts until some requests have been refused for it (bounded).
    for (let i = 0; i < 100 && !answers.some((a) => a.statusCode === 503); i++) await sleep(20);
    expectProblem(await call(t.app, 'GET', '/readyz'), 503, 'store_unavailable');
    await sleep(300);
    proxy.setMode('forward');
    await untilServed();
    stop = true;
    await load;

    for (const answer of answers) expectServedOrRefused(answer);
    expect(answers.some((a) => a.statusCode === 503)).toBe(true);
    expect((await call(t.app, 'GET', '/readyz')).statusCode).toBe(200);

    // Every answered request is one request event, written once, in the chain.
    await t.app.warden.flush();
    const rows = await t.db.query<{ user_agent: string }>(
      `select user_agent from audit_log where type = 'request' and actor_id = $1 and user_agent like 'load-%'`,
      [keyId],
    );
    expect(rows.map((r) => r.user_agent).sort()).toEqual([...agents].sort());
    const workspace = (await t.db.query<{ workspace_id: string }>('select workspace_id from api_keys where id = $1', [keyId]))[0]!.workspace_id;
    expect(await verifyChain(t.db, workspace)).toMatchObject({ valid: true });
  });

  it('a network that swallows packets: new connections answer 503 store_unavailable within the deadline, never 500, and /readyz 503', async () => {
    proxy.cutAll();
    proxy.setMode('blackhole');
    // More requests than the pool has connections (5): some wait for a free one, and that wait has the deadline too.
    const answers = await Promise.all([
      ...Array.from({ length: 8 }, () => call(t.app, 'GET', '/v1/keys', { auth: { apiKey } })),
      call(t.app, 'GET', '/readyz'),
    ]);
    for (const answer of answers) {
      const body = expectProblem(answer, 503, 'store_unavailable');
      expect(body.code).toBe('store_unavailable');
      expect(answer.headers['retry-after']).toBe('5');
    }
    proxy.cutAll();
    proxy.setMode('forward');
    await untilServed();
  });

  it('a half-open connection (the peer went silent mid-session): its statement answers 503 store_unavailable after the query deadline', async () => {
    await untilServed();
    expect(proxy.openConnections).toBeGreaterThan(0);
    // The pool's connections stay open, but nothing comes back on them any more.
    proxy.setMode('blackhole');
    expectProblem(await call(t.app, 'GET', '/v1/keys', { auth: { apiKey } }), 503, 'store_unavailable');
    expectProblem(await call(t.app, 'GET', '/readyz'), 503, 'store_unavailable');
    proxy.cutAll();
    proxy.setMode('forward');
    await untilServed();
  });
});

describe.skipIf(!DATABASE_URL)('request events of a process that stops during a PostgreSQL outage', () => {
  let proxy: TcpProxy;
  let dir: string;
  beforeAll(async () => {
    const target = new URL(DATABASE_URL!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    dir = mkdtempSync(join(tmpdir(), 'warden-spool-'));
  });
  afterAll(async () => {
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('wait in the spool directory, and the next process on it writes each exactly once, in order', async () => {
    const env = { ...FAST_DEADLINES, WARDEN_AUDIT_SPOOL_DIR: dir, WARDEN_AUDIT_FLUSH_MS: '20' };
    const first = await createTestApp({ databaseUrl: proxy.urlFor(DATABASE_URL!), env });
    const owner = await registerOwner(first.app);
    const { key } = await createKey(first.app, { bearer: owner.session }, { name: 'spooled', scopes: ['api-keys:read'] });
    expect((await call(first.app, 'GET', '/v1/me', { auth: { apiKey: key } })).statusCode).toBe(200);

    proxy.setMode('refuse');
    proxy.cutAll();
    const agents = Array.from({ length: 30 }, (_, i) => `spooled-${i}`);
    for (const agent of agents) {
      // A cached key needs no database: served, and audited.
      expect((await call(first.app, 'GET', '/v1/me', { auth: { apiKey: key }, headers: { 'user-agent': agent } })).statusCode).toBe(200);
    }
    // Within a few flush intervals they are on disk (bounded wait).
    const spooled = (): number => (existsSync(join(dir, 'requests.jsonl')) ? readFileSync(join(dir, 'requests.jsonl'), 'utf8').split('spooled-').length - 1 : 0);
    for (let i = 0; i < 100 && spooled() < agents.length; i++) await sleep(20);
    expect(spooled()).toBe(agents.length);
    // The process goes away while the database is still unreachable.
    await first.app.close();

    proxy.setMode('forward');
    const next = await createTestApp({ schema: first.schema!, env: { WARDEN_AUDIT_SPOOL_DIR: dir } });
    try {
      await next.app.warden.flush();
      const rows = await next.db.query<{ user_agent: string }>(
        `select user_agent from audit_log where type = 'request' and user_agent like 'spooled-%' order by chain_seq`,
      );
      expect(rows.map((r) => r.user_agent)).toEqual(agents);
      expect(existsSync(join(dir, 'requests.jsonl'))).toBe(false);
      expect(await verifyChain(next.db, owner.workspaceId)).toMatchObject({ valid: true });
    } finally {
      await next.close();
    }
  });
});
