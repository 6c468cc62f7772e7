import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Encode } from '../lib/base32.js';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** RFC 4226 HOTP with dynamic truncation; `algorithm` sha1 (what authenticator apps use), sha256 or sha512. */
export function hotp(secret: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 time step of `nowMs`. */
export function totpCounter(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20)); // 160 bits, RFC 4226's recommended length
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The time step `code` belongs to, allowing ±1 step of clock drift, or null. A step at or
 * before `lastUsedCounter` never matches: a code cannot be used twice.
 */
export function matchTotp(secret: Buffer, code: string, nowMs: number, lastUsedCounter: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpCounter(nowMs);
  for (const counter of [current - 1, current, current + 1]) {
    if (lastUsedCounter !== null && counter <= lastUsedCounter) continue;
    if (sameCode(hotp(secret, counter), code)) return counter;
  }
  return null;
}

export function otpauthUrl(options: { secret: string; account: string; issuer: string }): string {
  const label = encodeURIComponent(`${options.issuer}:${options.account}`);
  const params = new URLSearchParams({ secret: options.secret, issuer: options.issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}
