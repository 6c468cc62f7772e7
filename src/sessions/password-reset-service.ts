import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import type { Mailer } from '../mail/mailer.js';
import type { RequestContext } from '../auth/principal.js';
import { randomBase62 } from '../lib/base62.js';
import { sha256Hex } from '../lib/hash.js';
import { newId } from '../lib/ids.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import { assertAcceptablePassword, hashPassword } from '../users/password.js';
import { findUserByEmail, updatePasswordHash } from '../users/users.js';
import { consumePasswordReset, insertPasswordReset, retirePasswordResets } from './password-reset-store.js';
import { revokeSessionsOfUser } from './session-store.js';
import { invalidateSessions } from './session-verifier.js';

export const RESET_TOKEN_PREFIX = 'prt_';

export interface PasswordResetOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  mailer: Mailer;
  logger: FastifyBaseLogger;
  publicUrl: string;
  ttlSeconds: number;
}

/**
 * `forgot` → an e-mailed single-use token; `reset` → new password, every session ended. Neither
 * logs anybody in, so a reset never bypasses a second factor.
 */
export class PasswordResetService {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: PasswordResetOptions) {}

  /** Resolves when every reset requested so far has been stored and mailed (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /**
   * Same answer, in about the same time, whether or not the address exists: the lookup and
   * the mail happen after the caller has been answered.
   */
  requestReset(email: string, context: RequestContext): void {
    const work = this.issue(email, context)
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'password reset mail failed'))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  private async issue(email: string, context: RequestContext): Promise<void> {
    const user = await findUserByEmail(this.options.db, email);
    if (!user || user.disabled_at) return;
    const token = RESET_TOKEN_PREFIX + randomBase62(32);
    const nowMs = this.options.clock.nowMs();
    await this.options.db.transaction(async (tx) => {
      await insertPasswordReset(tx, {
        id: newId('prs'),
        userId: user.id,
        tokenHash: sha256Hex(token),
        now: new Date(nowMs),
        expiresAt: new Date(nowMs + this.options.ttlSeconds * 1000),
      });
      await recordAuditEvent(tx, {
        workspaceId: null,
        type: 'password.reset_requested',
        context: { ...context, actor: { type: 'user', id: user.id } },
        target: { type: 'user', id: user.id },
      });
    });
    const minutes = Math.round(this.options.ttlSeconds / 60);
    await this.options.mailer.send({
      to: user.email,
      subject: 'Reset your Warden password',
      text:
        `Someone asked to reset the password of ${user.email}.\n\n` +
        `Reset token (valid for ${minutes} minutes, usable once):\n\n  ${token}\n\n` +
        `POST ${this.options.publicUrl}/auth/password/reset with {"token": "…", "new_password": "…"}.\n\n` +
        'If this was not you, ignore this mail: your password stays as it is.\n',
    });
  }

  async reset(token: string, newPassword: string, context: RequestContext): Promise<void> {
    assertAcceptablePassword(newPassword);
    const passwordHash = await hashPassword(newPassword);
    const now = new Date(this.options.clock.nowMs());
    const revoked = await this.options.db.transaction(async (tx) => {
      const userId = await consumePasswordReset(tx, sha256Hex(token), now);
      if (!userId) throw new WardenError('reset_token_invalid', 'The reset token is unknown, used or expired; ask for a new one');
      await updatePasswordHash(tx, userId, passwordHash);
      await retirePasswordResets(tx, userId, now);
      const hashes = await revokeSessionsOfUser(tx, userId, now, null);
      await recordAuditEvent(tx, {
        workspaceId: null,
        type: 'password.reset',
        context: { ...context, actor: { type: 'user', id: userId } },
        target: { type: 'user', id: userId },
        data: { sessions_revoked: hashes.length },
      });
      return hashes;
    });
    await invalidateSessions(this.options.bus, revoked);
  }
}
