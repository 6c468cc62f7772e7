import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf } from './helpers/assertions.js';
import { eventHash, GENESIS_HASH, type AuditEventRow } from '../src/audit/audit-store.js';
import { linesBatchHash } from '../src/audit/chain-link.js';
import { storedContentHash, type StoredBatch } from '../src/audit/request-batch.js';
import { CHECKPOINT_AUDIENCE, CHECKPOINT_TYPE } from '../src/audit/chain-checkpoint.js';
import { CheckpointLog, type LoggedCheckpoint } from '../src/audit/checkpoint-log.js';

describe(`audit chain checkpoints: signed head, verify against it (${STORE_KIND})`, () => {
  let t: TestApp;
  let owner: Owner;
  let reader: string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerOwner(t.app);
    reader = (await createKey(t.app, { bearer: owner.session }, { name: 'auditor', scopes: ['events:read'] })).key;
  });
  afterAll(() => t.close());

  const get = (path: string, key = reader) => call(t.app, 'GET', path, { auth: { apiKey: key } });
  const verifyAs = async (key: string, query = '') => {
    const response = await get(`/v1/events/verify${query}`, key);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };
  const head = async () => {
    const response = await get('/v1/events/head');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    return response.json().data;
  };

  /** The link of the chain that ends at `seq` (a security event's row, or a request batch): its hash and its last event's id. */
  async function linkEndingAt(workspaceId: string, seq: number): Promise<{ hash: string; last_id: string; kind: string } | undefined> {
    const [link] = await t.db.query<{ hash: string; last_id: string; kind: string }>(
      `select hash, id as last_id, 'row' as kind from audit_events where workspace_id = $1 and chain_seq = $2
       union all
       select hash, (select id from request_events e where e.workspace_id = b.workspace_id and e.chain_seq = b.seq_from + b.events - 1) as last_id, 'batch' as kind from request_batches b where workspace_id = $1 and seq_from + events - 1 = $2`,
      [workspaceId, seq],
    );
    return link;
  }

  /**
   * What someone with write access to the database can do: edit a row and recompute every hash
   * after it (the rows' and the request batches'). Done as a careful attacker would, holding the
   * chain head's lock, so Warden's own appends (the request writer flushes in the background) wait
   * and then chain onto the forgery.
   */
  async function rewriteChain(workspaceId: string, seq: number): Promise<void> {
    await t.db.transaction(async (tx) => {
      await tx.query('select seq from audit_chain_heads where chain = $1 for update', [workspaceId]);
      const rows = await tx.query<AuditEventRow>('select * from audit_events where workspace_id = $1 order by chain_seq', [workspaceId]);
      const batches = await tx.query<StoredBatch>('select * from request_batches where workspace_id = $1 order by seq_from', [workspaceId]);
      const links = [
        ...rows.map((row) => ({ seq: Number(row.chain_seq), row, batch: null })),
        ...batches.map((batch) => ({ seq: Number(batch.seq_from), row: null, batch })),
      ].sort((a, b) => a.seq - b.seq);
      let prev = GENESIS_HASH;
      for (const { row, batch } of links) {
        if (row) {
          if (Number(row.chain_seq) === seq) row.path = '/v1/nothing-happened';
          row.prev_hash = prev;
          row.hash = eventHash(prev, row);
          await tx.query('update audit_events set path = $2, prev_hash = $3, hash = $4 where id = $1', [row.id, row.path, row.prev_hash, row.hash]);
          prev = row.hash;
        } else {
          const hash = linesBatchHash(prev, Number(batch!.seq_from), batch!.events, storedContentHash(batch!));
          await tx.query('update request_batches set prev_hash = $3, hash = $4 where workspace_id = $1 and seq_from = $2', [workspaceId, batch!.seq_from, prev, hash]);
          prev = hash;
        }
      }
      await tx.query('update audit_chain_heads set hash = $2 where chain = $1', [workspaceId, prev]);
    });
  }

  /**
   * Cuts the chain back to the last link that ends at or before `keep`, moving the head back too
   * (under the head's lock, as above). Returns where the chain now ends.
   */
  async function cutChain(workspaceId: string, keep: number): Promise<number> {
    return t.db.transaction(async (tx) => {
      await tx.query('select seq from audit_chain_heads where chain = $1 for update', [workspaceId]);
      const [kept] = await tx.query<{ seq: string; hash: string }>(
        `select seq, hash from (
           select chain_seq as seq, hash from audit_events where workspace_id = $1 and chain_seq <= $2
           union all
           select seq_from + events - 1, hash from request_batches where workspace_id = $1 and seq_from + events - 1 <= $2) links
          order by seq desc limit 1`,
        [workspaceId, keep],
      );
      const end = Number(kept!.seq);
      await tx.query('delete from audit_events where workspace_id = $1 and chain_seq > $2', [workspaceId, end]);
      await tx.query('delete from request_batches where workspace_id = $1 and seq_from > $2', [workspaceId, end]);
      await tx.query('update audit_chain_heads set seq = $2, hash = $3 where chain = $1', [workspaceId, end, kept!.hash]);
      return end;
    });
  }

  it('GET /v1/events/head: the chain head (queued request events included), signed so anyone with the JWKS can check it', async () => {
    for (let i = 0; i < 3; i++) await get('/v1/me');
    const data = await head();
    const walked = await verifyAs(reader);
    expect(walked.valid).toBe(true);
    // The head's own request is recorded after it was read: the walk sees one more event.
    expect(data).toMatchObject({
      workspace_id: owner.workspaceId,
      chain_seq: walked.head.chain_seq - 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      event_id: expect.stringMatching(/^evt_/),
      at: expect.any(String),
    });
    // The head is the last request batch's link; its event is the batch's last.
    expect(await linkEndingAt(owner.workspaceId, data.chain_seq)).toEqual({ hash: data.hash, last_id: data.event_id, kind: 'batch' });

    const jwks = (await call(t.app, 'GET', '/.well-known/jwks.json', { auth: null })).json() as JSONWebKeySet;
    const { issuer } = (await call(t.app, 'GET', '/.well-known/oauth-authorization-server', { auth: null })).json() as { issuer: string };
    const { payload, protectedHeader } = await jwtVerify(data.checkpoint, createLocalJWKSet(jwks), { typ: CHECKPOINT_TYPE, issuer, audience: CHECKPOINT_AUDIENCE });
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', typ: CHECKPOINT_TYPE, kid: jwks.keys[0]!.kid });
    expect(payload).toEqual({
      iss: issuer, iat: expect.any(Number), aud: CHECKPOINT_AUDIENCE, workspace_id: owner.workspaceId, chain_seq: data.chain_seq, hash: data.hash, event_id: data.event_id,
    });
    // Not an access token: Warden refuses it as a credential, and so does a third-party resource
    // server that checks the audience of Warden's access tokens (even one that forgets `typ`).
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: data.checkpoint } })).statusCode).toBe(401);
    expect(decodeProtectedHeader(data.checkpoint).typ).not.toBe('at+jwt');
    const login = await call(t.app, 'POST', '/auth/login', { auth: null, body: { email: owner.email, password: owner.password } });
    const { aud } = decodeJwt(login.json().access_token as string);
    expect(typeof aud).toBe('string');
    await expect(jwtVerify(data.checkpoint, createLocalJWKSet(jwks), { issuer, audience: aud as string })).rejects.toThrow(/unexpected "aud" claim value/);
  });

  /** A new workspace with a few events, its auditor's key and a checkpoint of its chain. */
  async function checkpointed() {
    const fresh = await registerOwner(t.app);
    const key = (await createKey(t.app, { bearer: fresh.session }, { name: 'auditor', scopes: ['events:read'] })).key;
    for (let i = 0; i < 4; i++) await get('/v1/me', key);
    const checkpoint = (await get('/v1/events/head', key)).json().data;
    return { fresh, key, checkpoint, anchored: `?anchor_seq=${checkpoint.chain_seq}&anchor_hash=${checkpoint.hash}` };
  }

  it('a rewritten chain (edited row, every later hash recomputed) passes the walk but not the checkpoint', async () => {
    const { fresh, key, checkpoint, anchored } = await checkpointed();
    const before = await verifyAs(key, anchored);
    expect(before).toMatchObject({ valid: true, first_break: null, anchor: { chain_seq: checkpoint.chain_seq, hash: checkpoint.hash, status: 'matched' } });

    await rewriteChain(fresh.workspaceId, 2);
    expect(await verifyAs(key)).toMatchObject({ valid: true, first_break: null });
    const against = await verifyAs(key, anchored);
    expect(against).toMatchObject({
      valid: false,
      head: null,
      first_break: { chain_seq: checkpoint.chain_seq, reason: expect.stringMatching(/rewritten after the checkpoint/) },
      anchor: { chain_seq: checkpoint.chain_seq, status: 'rewritten' },
    });
  });

  it('a chain cut back below the checkpoint is caught; an anchor older than the oldest kept event cannot tell', async () => {
    const { fresh, key, checkpoint, anchored } = await checkpointed();
    // The newest rows go, and the head is moved back so the walk sees a whole chain. (Far enough
    // back that the requests made since — each one an event — do not grow it to the checkpoint again:
    // then the checkpoint's place would hold another event, reported as `rewritten`.)
    const keep = await cutChain(fresh.workspaceId, checkpoint.chain_seq - 4);
    expect(keep).toBeGreaterThan(2);
    expect(await verifyAs(key)).toMatchObject({ valid: true });
    expect(await verifyAs(key, anchored)).toMatchObject({
      valid: false, first_break: { reason: expect.stringMatching(/missing/) }, anchor: { status: 'missing' },
    });

    // The oldest events left (retention): an anchor before them is reported, not judged.
    await t.db.query('delete from audit_events where workspace_id = $1 and chain_seq <= 2', [fresh.workspaceId]);
    const old = await verifyAs(key, `?anchor_seq=1&anchor_hash=${'a'.repeat(64)}`);
    expect(old).toMatchObject({ valid: true, anchor: { chain_seq: 1, status: 'not_kept' } });
    // An empty chain's checkpoint is the genesis hash.
    expect(await verifyAs(key, `?anchor_seq=0&anchor_hash=${GENESIS_HASH}`)).toMatchObject({ valid: true, anchor: { status: 'matched' } });
  });

  it('refuses half an anchor or a malformed one (400 validation_failed), and callers without events:read', async () => {
    expect(fieldsOf(expectProblem(await get('/v1/events/verify?anchor_seq=3'), 400, 'validation_failed'))).toEqual(['anchor_hash']);
    expect(fieldsOf(expectProblem(await get(`/v1/events/verify?anchor_hash=${'b'.repeat(64)}`), 400, 'validation_failed'))).toEqual(['anchor_seq']);
    expectProblem(await get('/v1/events/verify?anchor_seq=3&anchor_hash=xyz'), 400, 'validation_failed');
    expectProblem(await get(`/v1/events/verify?anchor_seq=-1&anchor_hash=${'b'.repeat(64)}`), 400, 'validation_failed');
    const other = (await createKey(t.app, { bearer: owner.session }, { name: 'no events', scopes: ['api-keys:read'] })).key;
    expectProblem(await get('/v1/events/head', other), 403, 'insufficient_scope');
    expectProblem(await call(t.app, 'GET', '/v1/events/head', { auth: null }), 401, 'authentication_required');
  });

  it('WARDEN_AUDIT_CHECKPOINT_MINUTES: logs a signed checkpoint of every chain that moved, once per move', async () => {
    const logged: LoggedCheckpoint[] = [];
    const log = new CheckpointLog({
      db: t.db, intervalMinutes: 0, log: (entry) => logged.push(entry), onError: (error) => { throw error; },
      sign: (typ, claims) => t.app.warden.accessTokens.signStatement(typ, claims),
    });
    await t.app.warden.flush();
    const first = await log.run();
    const heads = await t.db.query<{ chain: string; seq: string }>('select chain, seq from audit_chain_heads where seq > 0');
    expect(first).toBe(heads.length);
    const mine = logged.find((entry) => entry.workspace_id === owner.workspaceId)!;
    const head = heads.find((h) => h.chain === owner.workspaceId)!;
    expect(mine).toMatchObject({ chain_seq: Number(head.seq), hash: expect.stringMatching(/^[0-9a-f]{64}$/), event_id: expect.stringMatching(/^evt_/) });
    expect(await linkEndingAt(owner.workspaceId, mine.chain_seq)).toMatchObject({ hash: mine.hash, last_id: mine.event_id });
    const jwks = (await call(t.app, 'GET', '/.well-known/jwks.json', { auth: null })).json() as JSONWebKeySet;
    const { payload } = await jwtVerify(mine.checkpoint, createLocalJWKSet(jwks), { typ: CHECKPOINT_TYPE });
    expect(payload).toMatchObject({ workspace_id: owner.workspaceId, chain_seq: mine.chain_seq, hash: mine.hash, event_id: mine.event_id });
    // The logged facts anchor a verification like the head route's do.
    expect((await verifyAs(reader, `?anchor_seq=${mine.chain_seq}&anchor_hash=${mine.hash}`)).anchor.status).toBe('matched');

    // Only the owner's chain moved since (the verify call above was itself a request event): one line.
    expect(heads.length).toBeGreaterThan(2);
    logged.length = 0;
    await t.app.warden.flush();
    expect(await log.run()).toBe(1);
    expect(logged.map((entry) => entry.workspace_id)).toEqual([owner.workspaceId]);
    // Nothing moved: nothing logged.
    expect(await log.run()).toBe(0);
  });
});
