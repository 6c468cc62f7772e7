import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sha256Hex } from './hash.js';

/**
 * Encryption at rest for the secrets Warden must be able to read back (access-token signing keys,
 * TOTP seeds): AES-256-GCM under a key that lives outside the database (WARDEN_SECRET_KEY), so a
 * dump or a stolen backup alone does not yield them. The first key seals; every key listed opens,
 * so a key can be rotated (start-up re-seals what an older key sealed). Each value is bound to
 * where it belongs (`context`, e.g. the row's id) as additional data, so sealed values cannot be
 * swapped between rows. Without a key, values are stored as they are (the dev default).
 *
 * Stored form: `wsb1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>`; key id = first 8 hex digits of
 * SHA-256(key). Anything else is an unsealed value from before a key was set.
 */
export interface SecretBox {
  /** True when a key is configured (values are sealed). */
  readonly sealing: boolean;
  /** The stored-form prefix of values sealed with the current key (`wsb1:<key id>:`); null without a key. */
  readonly currentPrefix: string | null;
  seal(plaintext: string, context: string): string;
  /** The plaintext; throws SecretBoxError when the value was sealed with a key not configured, or was altered. */
  open(stored: string, context: string): string;
  /** True when `stored` should be sealed again: unsealed, or sealed with another than the current key. */
  needsReseal(stored: string): boolean;
}

export class SecretBoxError extends Error {}

const PREFIX = 'wsb1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function keyIdOf(key: Buffer): string {
  return sha256Hex(key.toString('hex')).slice(0, 8);
}

export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  for (const key of keys) if (key.length !== 32) throw new Error('a secret key is 32 bytes');
  const byId = new Map(keys.map((key) => [keyIdOf(key), key]));
  const current = keys[0];
  const currentId = current ? keyIdOf(current) : null;
  return {
    sealing: current !== undefined,
    currentPrefix: currentId ? `${PREFIX}${currentId}:` : null,
    seal(plaintext, context) {
      if (!current) return plaintext;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${currentId}:${body.toString('base64url')}`;
    },
    open(stored, context) {
      if (!stored.startsWith(PREFIX)) return stored;
      const [keyId, encoded] = stored.slice(PREFIX.length).split(':');
      const key = keyId ? byId.get(keyId) : undefined;
      if (!key || encoded === undefined) {
        throw new SecretBoxError(`WARDEN_SECRET_KEY: a stored secret is sealed with key ${keyId ?? '?'}, which is not listed (keep the old key after the new one until start-up has re-sealed)`);
      }
      const body = Buffer.from(encoded, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('WARDEN_SECRET_KEY: a stored secret does not decrypt: it was altered or moved to another row');
      }
    },
    needsReseal(stored) {
      if (!currentId) return false;
      return !stored.startsWith(`${PREFIX}${currentId}:`);
    },
  };
}
