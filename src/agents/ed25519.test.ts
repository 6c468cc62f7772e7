import { createPrivateKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyObject, rawEd25519PublicKey, verifyEd25519 } from './ed25519.js';

// RFC 8032 §7.1, TEST 1–3 (Ed25519).
const VECTORS = [
  {
    name: 'TEST 1 (empty message)',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2 (one byte)',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3 (two bytes)',
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

const b64url = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');
/** PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410). */
const privateKeyOf = (seedHex: string) =>
  createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]), format: 'der', type: 'pkcs8' });

describe('Ed25519 (RFC 8032 §7.1 vectors)', () => {
  for (const v of VECTORS) {
    it(`${v.name}: the signature verifies, and signing reproduces it`, () => {
      const raw = rawEd25519PublicKey(b64url(v.public))!;
      expect(raw.toString('hex')).toBe(v.public);
      const message = Buffer.from(v.message, 'hex');
      expect(verifyEd25519(publicKeyObject(raw), message, b64url(v.signature))).toBe(true);
      expect(sign(null, message, privateKeyOf(v.secret)).toString('hex')).toBe(v.signature);
    });

    it(`${v.name}: a flipped bit in message or signature fails`, () => {
      const key = publicKeyObject(rawEd25519PublicKey({ kty: 'OKP', crv: 'Ed25519', x: b64url(v.public) })!);
      const message = Buffer.from(v.message, 'hex');
      const signature = Buffer.from(v.signature, 'hex');
      signature[10]! ^= 0x01;
      expect(verifyEd25519(key, message, signature.toString('base64url'))).toBe(false);
      expect(verifyEd25519(key, Buffer.concat([message, Buffer.from([0])]), b64url(v.signature))).toBe(false);
    });
  }

  it('refuses what is not an Ed25519 public key', () => {
    expect(rawEd25519PublicKey('abc')).toBeNull();
    expect(rawEd25519PublicKey(b64url('00'.repeat(33)))).toBeNull();
    expect(rawEd25519PublicKey('not base64url!')).toBeNull();
    expect(rawEd25519PublicKey({ kty: 'EC', crv: 'P-256', x: b64url(VECTORS[0]!.public) })).toBeNull();
    expect(rawEd25519PublicKey({ kty: 'OKP', crv: 'Ed448', x: b64url(VECTORS[0]!.public) })).toBeNull();
    expect(rawEd25519PublicKey({ kty: 'OKP', crv: 'Ed25519', x: b64url(VECTORS[0]!.public), d: b64url(VECTORS[0]!.secret) })).toBeNull();
    expect(rawEd25519PublicKey({ kty: 'OKP', crv: 'Ed25519', x: 42 })).toBeNull();
  });

  it('refuses malformed signatures without throwing', () => {
    const key = publicKeyObject(Buffer.from(VECTORS[0]!.public, 'hex'));
    expect(verifyEd25519(key, Buffer.alloc(0), 'short')).toBe(false);
    expect(verifyEd25519(key, Buffer.alloc(0), '+/=')).toBe(false);
  });
});
