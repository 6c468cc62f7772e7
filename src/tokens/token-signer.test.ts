import { generateKeyPairSync, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519Signer } from './ed25519-signer.js';
import type { SigningKey } from './signing-keys.js';
import { createThreadedSigner, inlineSigner, type TokenSigner } from './token-signer.js';

function ringKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, publicKey, publicJwk: {}, sign: ed25519Signer(privateKey), retiresAtMs: Infinity, expiresAtMs: Infinity };
}

describe('threaded token signer', () => {
  let signer: TokenSigner | undefined;
  afterEach(async () => {
    await signer?.close();
    signer = undefined;
  });

  it('gives exactly the event-loop signature, for many inputs at once and several keys (rotation)', async () => {
    signer = createThreadedSigner(2);
    const keys = [ringKey('k1'), ringKey('k2'), ringKey('k3')];
    const inputs = Array.from({ length: 300 }, (_, i) => ({ key: keys[i % 3]!, input: `header${i}.payload-${'x'.repeat(i)}` }));
    const threaded = await Promise.all(inputs.map(({ key, input }) => signer!.sign(key, input)));
    const inline = await Promise.all(inputs.map(({ key, input }) => inlineSigner.sign(key, input)));
    expect(threaded).toEqual(inline);
    for (const [i, { key, input }] of inputs.entries()) {
      expect(verify(null, Buffer.from(input), key.publicKey, Buffer.from(threaded[i]!, 'base64url'))).toBe(true);
    }
    // A key first seen later (the ring rotated) reaches the threads too.
    const late = ringKey('k4');
    expect(await signer.sign(late, 'a.b')).toBe(await inlineSigner.sign(late, 'a.b'));
  });

  it('a thread that dies (or never starts) costs no token: its batch is signed on the event loop', async () => {
    for (const broken of ['data:text/javascript,process.exit(3)', 'file:///nonexistent/signing-worker.cjs']) {
      signer = createThreadedSigner(1, new URL(broken));
      const key = ringKey('k1');
      const inputs = ['a.b', 'c.d', 'e.f'];
      expect(await Promise.all(inputs.map((input) => signer!.sign(key, input)))).toEqual(await Promise.all(inputs.map((input) => inlineSigner.sign(key, input))));
      await signer.close();
    }
  });

  it('after close, signs on the event loop instead of failing', async () => {
    signer = createThreadedSigner(1);
    const key = ringKey('k1');
    await signer.sign(key, 'a.b');
    await signer.close();
    expect(await signer.sign(key, 'c.d')).toBe(await inlineSigner.sign(key, 'c.d'));
  });
});

describe('looksLikeJwt', () => {
  it('is true for three dot-separated parts starting with a JSON object header, and nothing else', async () => {
    const { looksLikeJwt } = await import('./access-tokens.js');
    expect(looksLikeJwt('eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(looksLikeJwt('eyJ..')).toBe(true);
    for (const no of ['eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0', 'eyJa.b.c.d', 'eyJabc', 'abc.def.ghi', 'sess_abc', '', 'eyJ.a.b.']) {
      expect(looksLikeJwt(no), no).toBe(false);
    }
  });
});
