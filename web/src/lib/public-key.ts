/** An agent's Ed25519 public key as pasted: a JWK ({kty:"OKP", crv:"Ed25519", x}) or the raw 32 bytes base64url. */
export function parsePublicKey(text: string): { ok: true; value: string | { kty: string; crv: string; x: string } } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Paste the agent\'s Ed25519 public key' };
  if (trimmed.startsWith('{')) {
    try {
      const jwk = JSON.parse(trimmed) as Record<string, unknown>;
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') return { ok: false, message: 'A JWK must have kty "OKP", crv "Ed25519" and x' };
      if ('d' in jwk) return { ok: false, message: 'That JWK holds the private key (d): paste the public key only' };
      return { ok: true, value: { kty: 'OKP', crv: 'Ed25519', x: jwk.x } };
    } catch {
      return { ok: false, message: 'Not valid JSON' };
    }
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(trimmed)) return { ok: false, message: 'Base64url of 32 bytes is 43 characters (A–Z, a–z, 0–9, - and _)' };
  return { ok: true, value: trimmed };
}
