import { randomBase62 } from '../lib/base62.js';

export const SESSION_TOKEN_PREFIX = 'sess_';
/** 32 base62 characters ≈ 190 bits (≥ 128 required). */
const SESSION_RANDOM_LENGTH = 32;
const SESSION_TOKEN_SHAPE = /^sess_[0-9A-Za-z]{32}$/;

export function generateSessionToken(): string {
  return SESSION_TOKEN_PREFIX + randomBase62(SESSION_RANDOM_LENGTH);
}

export function isSessionTokenShape(token: string): boolean {
  return SESSION_TOKEN_SHAPE.test(token);
}
