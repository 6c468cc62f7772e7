import QRCode from 'qrcode';
import type { SecretBox } from '../lib/secret-box.js';
import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import type { KeyValueStore } from '../store/kv/kv.js';
import type { RequestContext } from '../auth/principal.js';
import { randomBase62 } from '../lib/base62.js';
import { base32Decode, base32Encode } from '../lib/base32.js';
import { sha256Hex } from '../lib/hash.js';
import { newId } from '../lib/ids.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import { claimCounter, clearTwoFactor, insertRecoveryCodes, markEnabled, readTwoFactor, storePendingSecret, useRecoveryCode } from './two-factor-store.js';
import { generateTotpSecret, matchTotp, otpauthUrl } from './totp.js';
import { randomBytes } from 'node:crypto';

export interface SecondFactor {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}

export interface TwoFactorOptions {
  db: Database;
  clock: Clock;
  issuer: string;
  /** How long the login challenge between password and code lives; default 5 min. */
  challengeTtlSeconds?: number;
  /** Wrong codes one challenge takes before it is spent; default 5. */
  challengeMaxAttempts?: number;
  /** Where login challenges live: memory (one instance) or Redis (shared). */
  store: KeyValueStore;
  /** Seals TOTP seeds at rest. */
  secrets: SecretBox;
}

/** Where a user's TOTP seed belongs (bound into its sealed form). */
export const totpSecretContext = (userId: string): string => `users.totp_secret:${userId}`;

interface Challenge {
  userId: string;
  email: string;
}

const RECOVERY_CODE_COUNT = 10;
const DEFAULT_CHALLENGE_TTL_SECONDS = 300;
const DEFAULT_CHALLENGE_MAX_ATTEMPTS = 5;
const normalizeRecoveryCode = (code: string): string => code.trim().toLowerCase().replace(/[\s-]/g, '');

/** TOTP second factor (RFC 6238) with single-use recovery codes, and the login challenge between the two steps. */
export class TwoFactorService {
  constructor(private readonly options: TwoFactorOptions) {}

  async setup(user: { id: string; email: string }): Promise<{ secret: string; otpauth_url: string; qr_svg: string }> {
    const current = await readTwoFactor(this.options.db, user.id);
    if (current?.totp_enabled_at) throw new WardenError('two_factor_already_enabled', 'Two-factor is already on; disable it first to set up a new authenticator');
    const secret = generateTotpSecret();
    await storePendingSecret(this.options.db, user.id, this.options.secrets.seal(secret, totpSecretContext(user.id)));
    const url = otpauthUrl({ secret, account: user.email, issuer: this.options.issuer });
    return { secret, otpauth_url: url, qr_svg: await QRCode.toString(url, { type: 'svg', margin: 1 }) };
  }

  /** A valid code from the authenticator turns 2FA on and yields the recovery codes (shown once). */
  async enable(userId: string, code: string, context: RequestContext): Promise<string[]> {
    const state = await readTwoFactor(this.options.db, userId);
    if (!state?.totp_secret || state.totp_enabled_at) {
      throw new WardenError('two_factor_not_pending', state?.totp_enabled_at ? 'Two-factor is already on' : 'Call /auth/2fa/setup first');
    }
    if (!(await this.checkTotp(userId, this.options.secrets.open(state.totp_secret, totpSecretContext(userId)), state.totp_last_counter, code))) {
      throw new WardenError('invalid_two_factor_code', 'The code is wrong or was already used');
    }
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = base32Encode(randomBytes(7)).toLowerCase().slice(0, 10);
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await this.options.db.transaction(async (tx) => {
      await markEnabled(tx, userId, new Date(this.options.clock.nowMs()));
      await insertRecoveryCodes(tx, userId, codes.map((c) => ({ id: newId('rcv'), hash: sha256Hex(normalizeRecoveryCode(c)) })));
      await recordAuditEvent(tx, { workspaceId: null, type: '2fa.enabled', context, target: { type: 'user', id: userId } });
    });
    return codes;
  }

  async disable(userId: string, factor: SecondFactor, context: RequestContext): Promise<void> {
    const state = await readTwoFactor(this.options.db, userId);
    if (!state?.totp_enabled_at) throw new WardenError('two_factor_not_pending', 'Two-factor is not on');
    if (!(await this.verify(userId, factor))) throw new WardenError('invalid_two_factor_code', 'The code is wrong or was already used');
    await this.options.db.transaction(async (tx) => {
      await clearTwoFactor(tx, userId);
      await recordAuditEvent(tx, { workspaceId: null, type: '2fa.disabled', context, target: { type: 'user', id: userId } });
    });
  }

  /** A TOTP code (each time step accepted once) or an unused recovery code. */
  async verify(userId: string, factor: SecondFactor): Promise<boolean> {
    const state = await readTwoFactor(this.options.db, userId);
    if (!state?.totp_secret || !state.totp_enabled_at) return false;
    if (factor.code !== undefined) {
      return this.checkTotp(userId, this.options.secrets.open(state.totp_secret, totpSecretContext(userId)), state.totp_last_counter, factor.code);
    }
    if (factor.recoveryCode !== undefined) {
      return useRecoveryCode(this.options.db, userId, sha256Hex(normalizeRecoveryCode(factor.recoveryCode)), new Date(this.options.clock.nowMs()));
    }
    return false;
  }

  private async checkTotp(userId: string, secret: string, lastCounter: number | null, code: string): Promise<boolean> {
    const counter = matchTotp(base32Decode(secret), code.trim(), this.options.clock.nowMs(), lastCounter);
    return counter !== null && (await claimCounter(this.options.db, userId, counter));
  }

  /**
   * After a right password without a code: a short-lived id the client sends back with the code.
   * Kept in the shared store, so the second call may land on any instance. Only the id's hash is
   * stored: the id is as good as the password for the next few minutes.
   */
  async openChallenge(userId: string, email: string): Promise<string> {
    const id = `chl_${randomBase62(32)}`;
    const challenge: Challenge = { userId, email };
    await this.options.store.set(`2fa:${sha256Hex(id)}`, JSON.stringify(challenge), (this.options.challengeTtlSeconds ?? DEFAULT_CHALLENGE_TTL_SECONDS) * 1000);
    return id;
  }

  /** The challenge's user, counting the attempt (atomically); null when unknown, expired or out of attempts. */
  async takeChallengeAttempt(id: string): Promise<Challenge | null> {
    if (!/^chl_[0-9A-Za-z]{32}$/.test(id)) return null;
    const key = `2fa:${sha256Hex(id)}`;
    const stored = await this.options.store.get(key);
    if (!stored) return null;
    const attempts = await this.options.store.increment(`${key}:attempts`, (this.options.challengeTtlSeconds ?? DEFAULT_CHALLENGE_TTL_SECONDS) * 1000);
    if (attempts > (this.options.challengeMaxAttempts ?? DEFAULT_CHALLENGE_MAX_ATTEMPTS)) {
      await this.closeChallenge(id);
      return null;
    }
    return JSON.parse(stored) as Challenge;
  }

  async closeChallenge(id: string): Promise<void> {
    await this.options.store.delete(`2fa:${sha256Hex(id)}`);
  }
}
