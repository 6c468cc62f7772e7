import { createRequire } from 'node:module';
import { sign, type KeyObject } from 'node:crypto';

/** Signs a message with one Ed25519 private key; the 64-byte RFC 8032 signature. */
export type Ed25519Sign = (message: Buffer) => Buffer;

interface Sodium {
  crypto_sign_seed_keypair(publicKey: Buffer, secretKey: Buffer, seed: Buffer): void;
  crypto_sign_detached(signature: Buffer, message: Buffer, secretKey: Buffer): void;
  sodium_malloc(size: number): Buffer;
  sodium_memzero(buffer: Buffer): void;
}

/**
 * libsodium (the optional `sodium-native` package) when its prebuilt binary loads. It signs about
 * 1.5× faster than node:crypto here: OpenSSL 3 sets up a provider context on every call. Ed25519
 * is deterministic, so both give the same bytes for the same key and message (tested).
 */
function loadSodium(): Sodium | null {
  if (process.env.WARDEN_DISABLE_SODIUM === '1') return null;
  try {
    return createRequire(import.meta.url)('sodium-native') as Sodium;
  } catch {
    return null;
  }
}

const sodium = loadSodium();

/** Which implementation signs tokens in this process (shown at start-up and in tests). */
export const ED25519_BACKEND: 'libsodium' | 'node:crypto' = sodium ? 'libsodium' : 'node:crypto';

export function nodeCryptoSigner(privateKey: KeyObject): Ed25519Sign {
  return (message) => sign(null, message, privateKey);
}

export function ed25519Signer(privateKey: KeyObject): Ed25519Sign {
  if (!sodium) return nodeCryptoSigner(privateKey);
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  // Guarded memory: locked out of swap, with guard pages around it.
  const secretKey = sodium.sodium_malloc(64);
  sodium.crypto_sign_seed_keypair(Buffer.alloc(32), secretKey, seed);
  sodium.sodium_memzero(seed);
  return (message) => {
    const signature = Buffer.allocUnsafe(64);
    sodium.crypto_sign_detached(signature, message, secretKey);
    return signature;
  };
}
