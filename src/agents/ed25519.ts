import { createPublicKey, verify, type KeyObject } from 'node:crypto';

const RAW_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export type PublicKeyInput = string | { kty?: unknown; crv?: unknown; x?: unknown; d?: unknown; [k: string]: unknown };

/** Raw 32-byte Ed25519 public key from a JWK (`{kty: "OKP", crv: "Ed25519", x}`) or base64url; null if it is not one. */
export function rawEd25519PublicKey(input: PublicKeyInput): Buffer | null {
  let encoded: unknown = input;
  if (typeof input === 'object' && input !== null) {
    if (input.kty !== 'OKP' || input.crv !== 'Ed25519') return null;
    // A private JWK sent by mistake is refused: the agent must keep its private key to itself.
    if (input.d !== undefined) return null;
    encoded = input.x;
  }
  if (typeof encoded !== 'string' || !BASE64URL.test(encoded)) return null;
  const raw = Buffer.from(encoded, 'base64url');
  if (raw.length !== RAW_KEY_BYTES) return null;
  try {
    publicKeyObject(raw);
  } catch {
    return null;
  }
  return raw;
}

export function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** RFC 8032 Ed25519 (pure) verification of `message` with a base64url signature. */
export function verifyEd25519(publicKey: KeyObject, message: Buffer, signatureB64url: string): boolean {
  if (!BASE64URL.test(signatureB64url)) return false;
  const signature = Buffer.from(signatureB64url, 'base64url');
  if (signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}
