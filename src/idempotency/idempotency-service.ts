import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import type { SecretBox } from '../lib/secret-box.js';
import { WardenError } from '../errors/warden-error.js';
import {
  claimIdempotencyKey, completeIdempotencyKey, deleteExpiredIdempotencyKeys, findIdempotencyKey, reclaimIdempotencyKey,
  releaseIdempotencyKey, type IdempotencyId,
} from './idempotency-store.js';

/** How long a key returns the first answer (the issue's 24 h, Stripe's too). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** A first request still unfinished after this long died with its process: the key may be used again. */
const STALE_PENDING_MS = 60_000;
const SWEEP_INTERVAL_MS = 60_000;

/** What the first request answered, to send again. */
export interface StoredAnswer {
  statusCode: number;
  headers: Record<string, string>;
  payload: string;
}

export type IdempotencyStart =
  | { kind: 'first'; complete(answer: StoredAnswer): Promise<void>; release(): Promise<void> }
  | { kind: 'replay'; answer: StoredAnswer };

export interface IdempotencyRequest {
  /** Who asks: the same key from another credential is another key. */
  caller: string;
  /** The client's Idempotency-Key. */
  key: string;
  /** What is done (`keys.create`): the same key on another operation is a reuse. */
  operation: string;
  /** The request's body, canonical JSON. */
  body: unknown;
}

export interface IdempotencyService {
  begin(request: IdempotencyRequest): Promise<IdempotencyStart>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The first answer is encrypted (AES-256-GCM) under a key derived from the Idempotency-Key, which
 * only the client holds (the row keeps its SHA-256), and then sealed with WARDEN_SECRET_KEY.
 */
function answerKey(idempotencyKey: string, caller: string, operation: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, caller, `warden idempotency v1 ${operation}`, 32));
}

function encryptAnswer(key: Buffer, answer: StoredAnswer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([iv, cipher.update(JSON.stringify(answer), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return body.toString('base64url');
}

function decryptAnswer(key: Buffer, stored: string): StoredAnswer {
  const body = Buffer.from(stored, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, 12));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]).toString('utf8')) as StoredAnswer;
}

export function createIdempotencyService(deps: { db: Database; clock: Clock; secrets: SecretBox }): IdempotencyService {
  const { db, clock, secrets } = deps;
  let lastSweepMs = 0;
  const ttlMs = IDEMPOTENCY_TTL_SECONDS * 1000;

  return {
    async begin(request) {
      const nowMs = clock.nowMs();
      if (nowMs - lastSweepMs >= SWEEP_INTERVAL_MS) {
        lastSweepMs = nowMs;
        await deleteExpiredIdempotencyKeys(db, nowMs);
      }
      const callerHash = sha256(request.caller);
      const id: IdempotencyId = { callerHash, keyHash: sha256(`${callerHash}\n${request.key}`) };
      const requestHash = sha256(`${request.operation}\n${canonicalJson(request.body)}`);
      const fields = { operation: request.operation, requestHash, nowMs, ttlMs };
      const sealContext = `idempotency:${id.keyHash}`;
      const first = (): IdempotencyStart => ({
        kind: 'first',
        async complete(answer) {
          const sealed = secrets.seal(encryptAnswer(answerKey(request.key, request.caller, request.operation), answer), sealContext);
          await completeIdempotencyKey(db, id, answer.statusCode, sealed);
        },
        async release() {
          await releaseIdempotencyKey(db, id);
        },
      });
      if (await claimIdempotencyKey(db, id, fields)) return first();
      const row = await findIdempotencyKey(db, id);
      if (!row || await reclaimIdempotencyKey(db, id, { ...fields, stalePendingBeforeMs: nowMs - STALE_PENDING_MS })) {
        // Gone between the two statements (expired and swept), or taken over: claim it afresh.
        if (!row && !(await claimIdempotencyKey(db, id, fields))) throw inProgress();
        return first();
      }
      if (row.operation !== request.operation || row.request_hash !== requestHash) {
        throw new WardenError('idempotency_key_reused', 'This Idempotency-Key was used with another request in the last 24 hours: use a new key for a new request');
      }
      if (row.status_code === null || row.response === null) throw inProgress();
      const answer = decryptAnswer(answerKey(request.key, request.caller, request.operation), secrets.open(row.response, sealContext));
      return { kind: 'replay', answer };
    },
  };
}

function inProgress(): WardenError {
  return new WardenError('idempotency_key_in_progress', 'A request with this Idempotency-Key is still being processed: retry in a moment');
}
