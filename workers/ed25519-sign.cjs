'use strict';
// Ed25519 signing, shared by the event loop (src/tokens/ed25519-signer.ts) and the signing worker
// threads (signing-worker.cjs). Plain CommonJS at the package root, so worker threads load the same
// file from src/ (tests) and from dist/.
//
// libsodium (the optional `sodium-native` package) when its prebuilt binary loads: it signs about
// 1.5x faster than node:crypto here, where OpenSSL 3 sets up a provider context on every call.
// Ed25519 is deterministic (RFC 8032), so both give the same bytes for the same key and message.
const { sign } = require('node:crypto');

function loadSodium() {
  if (process.env.WARDEN_DISABLE_SODIUM === '1') return null;
  try {
    return require('sodium-native');
  } catch {
    return null;
  }
}

const sodium = loadSodium();

exports.backend = sodium ? 'libsodium' : 'node:crypto';

/** (message: Buffer) => 64-byte signature, with node:crypto. */
exports.nodeCryptoSigner = (privateKey) => (message) => sign(null, message, privateKey);

/** (message: Buffer) => 64-byte signature, with libsodium when it loaded. */
exports.ed25519Signer = (privateKey) => {
  if (!sodium) return exports.nodeCryptoSigner(privateKey);
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url');
  // Guarded memory: locked out of swap, with guard pages around it.
  const secretKey = sodium.sodium_malloc(64);
  sodium.crypto_sign_seed_keypair(Buffer.alloc(32), secretKey, seed);
  sodium.sodium_memzero(seed);
  return (message) => {
    const signature = Buffer.allocUnsafe(64);
    sodium.crypto_sign_detached(signature, message, secretKey);
    return signature;
  };
};
