import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ed25519Signer, type Ed25519Sign } from './ed25519-signer.js';
import type { SecretBox } from '../lib/secret-box.js';
import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import { randomBase62 } from '../lib/base62.js';
import { insertSigningKey, listSigningKeys, type SigningKeyRow } from './signing-key-store.js';

export interface SigningKey {
  kid: string;
  publicJwk: Record<string, string>;
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** Signs with `privateKey` (libsodium when available; see ed25519-signer). */
  sign: Ed25519Sign;
  retiresAtMs: number;
  expiresAtMs: number;
}

export interface SigningKeyRingOptions {
  db: Database;
  clock: Clock;
  /** A key signs for this long, then a new one takes over. */
  rotationSeconds: number;
  /** The longest lifetime of any token a key signs: it stays published that much longer. */
  maxTokenSeconds: number;
  /** Seals private keys at rest. */
  secrets: SecretBox;
}

/** Where a signing key's private half belongs (bound into its sealed form). */
export const privateKeyContext = (kid: string): string => `signing_keys.private_key_pem:${kid}`;

function toSigningKey(row: SigningKeyRow, secrets: SecretBox): SigningKey {
  const privateKey = createPrivateKey(secrets.open(row.private_key_pem, privateKeyContext(row.kid)));
  return {
    kid: row.kid,
    publicJwk: row.public_jwk,
    publicKey: createPublicKey({ key: row.public_jwk, format: 'jwk' }),
    privateKey,
    sign: ed25519Signer(privateKey),
    retiresAtMs: row.retires_at.getTime(),
    expiresAtMs: row.expires_at.getTime(),
  };
}

/**
 * The Ed25519 keys that sign access tokens. Stored in the database so every instance signs and
 * verifies with the same keys; rotated on schedule with overlap (a retired key verifies until
 * its last token has expired). `refresh()` runs at start-up and then periodically.
 */
export class SigningKeyRing {
  private keys: SigningKey[] = [];
  private byKid = new Map<string, SigningKey>();

  constructor(private readonly options: SigningKeyRingOptions) {}

  /** Loads the keys and creates a new one when none can sign for the next hour. */
  async refresh(): Promise<void> {
    const nowMs = this.options.clock.nowMs();
    const now = new Date(nowMs);
    let rows = await listSigningKeys(this.options.db, now);
    if (!rows.some((row) => row.retires_at.getTime() > nowMs + 3_600_000)) {
      await this.options.db.transaction(async (tx) => {
        // One instance creates the key; the others see it after the lock.
        await tx.query(`select pg_advisory_xact_lock(hashtext('warden.signing_keys'))`);
        const current = await listSigningKeys(tx, now);
        if (current.some((row) => row.retires_at.getTime() > nowMs + 3_600_000)) return;
        const { publicKey, privateKey } = generateKeyPairSync('ed25519');
        const retiresAt = new Date(nowMs + this.options.rotationSeconds * 1000);
        const kid = `${now.toISOString().slice(0, 10)}-${randomBase62(8)}`;
        await insertSigningKey(tx, {
          kid,
          alg: 'EdDSA',
          public_jwk: publicKey.export({ format: 'jwk' }) as Record<string, string>,
          private_key_pem: this.options.secrets.seal(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), privateKeyContext(kid)),
          created_at: now,
          retires_at: retiresAt,
          expires_at: new Date(retiresAt.getTime() + this.options.maxTokenSeconds * 1000),
        });
      });
      rows = await listSigningKeys(this.options.db, now);
    }
    this.keys = rows.map((row) => toSigningKey(row, this.options.secrets));
    this.byKid = new Map(this.keys.map((key) => [key.kid, key]));
  }

  /** The newest key that has not retired. */
  current(): SigningKey {
    const nowMs = this.options.clock.nowMs();
    const key = this.keys.find((k) => k.retiresAtMs > nowMs);
    if (!key) throw new Error('no signing key: SigningKeyRing.refresh() has not run');
    return key;
  }

  /** A published key by id (null when unknown or past its publication). */
  find(kid: string): SigningKey | null {
    const key = this.byKid.get(kid);
    return key && key.expiresAtMs > this.options.clock.nowMs() ? key : null;
  }

  jwks(): { keys: Record<string, string>[] } {
    const nowMs = this.options.clock.nowMs();
    return {
      keys: this.keys.filter((k) => k.expiresAtMs > nowMs).map((k) => ({ ...k.publicJwk, kid: k.kid, alg: 'EdDSA', use: 'sig' })),
    };
  }
}
