import { createRequire } from 'node:module';
import type { KeyObject } from 'node:crypto';

/** Signs a message with one Ed25519 private key; the 64-byte RFC 8032 signature. */
export type Ed25519Sign = (message: Buffer) => Buffer;

interface Ed25519Module {
  backend: 'libsodium' | 'node:crypto';
  ed25519Signer(privateKey: KeyObject): Ed25519Sign;
  nodeCryptoSigner(privateKey: KeyObject): Ed25519Sign;
}

// `workers/` sits at the package root; this file is two levels down in both src/ and dist/.
const ed25519 = createRequire(import.meta.url)('../../workers/ed25519-sign.cjs') as Ed25519Module;

/** Which implementation signs tokens in this process: libsodium (sodium-native) when it loads. */
export const ED25519_BACKEND = ed25519.backend;
export const ed25519Signer = ed25519.ed25519Signer;
export const nodeCryptoSigner = ed25519.nodeCryptoSigner;
