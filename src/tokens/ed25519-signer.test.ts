import { createPrivateKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ED25519_BACKEND, ed25519Signer, nodeCryptoSigner } from './ed25519-signer.js';

// RFC 8032 §7.1 TEST 1 and TEST 3.
const VECTORS = [
  { secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b' },
  { secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', message: 'af82',
    signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a' },
];
const privateKeyOf = (seedHex: string) =>
  createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]), format: 'der', type: 'pkcs8' });

describe('Ed25519 token signer', () => {
  it('uses libsodium where sodium-native is installed (it is an optional dependency of this package)', () => {
    expect(ED25519_BACKEND).toBe(process.env.WARDEN_DISABLE_SODIUM === '1' ? 'node:crypto' : 'libsodium');
  });

  it('reproduces the RFC 8032 signatures', () => {
    for (const v of VECTORS) {
      const message = Buffer.from(v.message, 'hex');
      expect(ed25519Signer(privateKeyOf(v.secret))(message).toString('hex')).toBe(v.signature);
      expect(nodeCryptoSigner(privateKeyOf(v.secret))(message).toString('hex')).toBe(v.signature);
    }
  });

  it('gives byte-for-byte what node:crypto gives, and the signatures verify with the public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const fast = ed25519Signer(privateKey);
    const reference = nodeCryptoSigner(privateKey);
    for (let i = 0; i < 50; i++) {
      const message = randomBytes(i * 13);
      const signature = fast(message);
      expect(signature).toEqual(reference(message));
      expect(verify(null, message, publicKey, signature)).toBe(true);
    }
  });
});
