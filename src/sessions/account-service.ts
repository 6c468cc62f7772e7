import type { Database, Transaction } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import { sha256Hex } from '../lib/hash.js';
import { newId } from '../lib/ids.js';
import type { RequestContext } from '../auth/principal.js';
import { recordAuditEvent, recordAuditEventAlone } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import { assertAcceptablePassword, hashPassword, verifyPassword } from '../users/password.js';
import { countUsers, findUserById, insertUser, toUserView, updatePasswordHash, type UserRow, type UserView } from '../users/users.js';
import { addMember, insertWorkspace, type MembershipView } from '../workspaces/memberships.js';
import { insertSessionAudited, revokeSessionAudited, revokeSessionsOfUser } from './session-store.js';
import { findLoginUserByEmail, findLoginUserById, type LoginUser } from '../users/users.js';
import { generateSessionToken } from './session-token.js';
import { invalidateSessions } from './session-verifier.js';
import type { LoginThrottle } from './login-throttle.js';
import type { AccessTokens } from '../tokens/access-tokens.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';
import type { TwoFactorService } from '../twofactor/two-factor-service.js';

export interface RegisterInput {
  email: string;
  password: string;
  name?: string | undefined;
  workspace_name?: string | undefined;
}

export interface LoginInput {
  email?: string | undefined;
  password?: string | undefined;
  twoFactorCode?: string | undefined;
  recoveryCode?: string | undefined;
  challengeId?: string | undefined;
}

export interface RegisteredUser {
  user: UserView;
  workspace: MembershipView;
}

export interface LoginResult {
  token: string;
  /** JWT for the same session, `accessTokenTtlSeconds` long. */
  accessToken: string;
  accessTokenTtlSeconds: number;
  /** First `rt_` token of the session's refresh family. */
  refreshToken: string;
  sessionId: string;
  expiresInSeconds: number;
  user: UserView;
  workspaces: MembershipView[];
}

export interface AccountServiceOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  registration: 'open' | 'first_user' | 'closed';
  sessionIdleSeconds: number;
  sessionMaxAgeSeconds: number;
  throttle: LoginThrottle;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  twoFactor: TwoFactorService;
}

export class AccountService {
  constructor(private readonly options: AccountServiceOptions) {}

  /** Creates the user and a workspace the user owns; on a fresh install this is the first owner. */
  async register(input: RegisterInput, context: RequestContext): Promise<RegisteredUser> {
    if (this.options.registration === 'closed') throw new WardenError('registration_disabled', 'Registration is disabled on this Warden');
    assertAcceptablePassword(input.password);
    const passwordHash = await hashPassword(input.password);
    return this.options.db.transaction(async (tx) => {
      // Serialises registrations so "first user only" cannot be raced.
      await tx.query(`select pg_advisory_xact_lock(hashtext('warden.register'))`);
      if (this.options.registration === 'first_user' && (await countUsers(tx)) > 0) {
        throw new WardenError('registration_disabled', 'Registration is closed: this Warden already has its first user');
      }
      return this.createOwnerWith(tx, input, passwordHash, context);
    });
  }

  /**
   * User + own workspace + owner membership + audit row, in the caller's transaction
   * (registration; `warden bootstrap`, which ignores WARDEN_REGISTRATION).
   */
  async createOwnerWith(tx: Transaction, input: RegisterInput, passwordHash: string, context: RequestContext): Promise<RegisteredUser> {
    const user = await insertUser(tx, { id: newId('usr'), email: input.email, passwordHash, name: input.name ?? null });
    if (!user) throw new WardenError('email_taken', 'An account with this e-mail already exists');
    const workspace = await insertWorkspace(tx, {
      id: newId('wsp'),
      name: input.workspace_name ?? `${input.name ?? input.email.trim()}'s workspace`,
    });
    await addMember(tx, workspace.id, user.id, 'owner');
    await recordAuditEvent(tx, {
      workspaceId: workspace.id,
      type: 'user.registered',
      context: { ...context, actor: { type: 'user', id: user.id } },
      target: { type: 'user', id: user.id },
    });
    return { user: toUserView(user), workspace: { id: workspace.id, name: workspace.name, role: 'owner' } };
  }

  /**
   * E-mail + password (+ second factor when the user has 2FA on), or a 2FA challenge id + code.
   * Same answer, and about the same time, whether the e-mail is unknown or the password wrong.
   */
  async login(input: LoginInput, context: RequestContext): Promise<LoginResult> {
    const user = input.challengeId !== undefined ? await this.userOfChallenge(input, context) : await this.userOfPassword(input, context);
    const email = user.email;
    await this.options.throttle.recordSuccess(email, context.ip);
    const nowMs = this.options.clock.nowMs();
    const token = generateSessionToken();
    const sessionId = newId('ses');
    const workspaces = user.memberships;
    const refresh = this.options.refreshTokens.firstOf(nowMs);
    // One statement, one round trip: the session, its first refresh token and the audit row.
    await insertSessionAudited(this.options.db, {
      id: sessionId,
      tokenHash: sha256Hex(token),
      userId: user.id,
      now: new Date(nowMs),
      absoluteExpiresAt: new Date(nowMs + this.options.sessionMaxAgeSeconds * 1000),
      ip: context.ip,
      userAgent: context.userAgent,
    }, refresh.row, {
      workspaceId: workspaces.length === 1 ? workspaces[0]!.id : null,
      type: 'login.succeeded',
      context: { ...context, actor: { type: 'user', id: user.id } },
      target: { type: 'session', id: sessionId },
    });
    const accessToken = await this.options.accessTokens.issue({ sub: user.id, sid: sessionId });
    return {
      token,
      accessToken,
      refreshToken: refresh.token,
      accessTokenTtlSeconds: this.options.accessTokens.ttlSeconds,
      sessionId,
      expiresInSeconds: this.options.sessionIdleSeconds,
      user: toUserView(user),
      workspaces,
    };
  }

  /**
   * Needs the current password; ends every other session of the user (the one making the change
   * stays), so a stolen session cannot outlive a password change.
   */
  private async userOfPassword(input: LoginInput, context: RequestContext): Promise<LoginUser> {
    if (input.email === undefined || input.password === undefined) {
      throw new WardenError('validation_failed', 'Send email and password (or challenge_id with a code)', {
        errors: [{ field: input.email === undefined ? 'email' : 'password', message: 'is required' }],
      });
    }
    const { email, password } = input;
    await this.options.throttle.assertAllowed(email, context.ip);
    const user = await findLoginUserByEmail(this.options.db, email);
    const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !passwordOk || user.disabled_at) {
      await this.loginFailed(email, user, !user ? 'unknown_email' : user.disabled_at ? 'user_disabled' : 'wrong_password', context);
      throw new WardenError('invalid_credentials', 'E-mail or password is wrong');
    }
    // The user row says whether 2FA is on: no second query on the login path.
    if (user.totp_enabled_at !== null) {
      if (input.twoFactorCode === undefined && input.recoveryCode === undefined) {
        const challengeId = await this.options.twoFactor.openChallenge(user.id, user.email);
        throw new WardenError('two_factor_required', 'Two-factor is on: send twoFactorCode (or recoveryCode), with challenge_id or again with the password', {
          extra: { challenge_id: challengeId },
        });
      }
      await this.checkSecondFactor(user, input, context);
    }
    return user;
  }

  private async userOfChallenge(input: LoginInput, context: RequestContext): Promise<LoginUser> {
    const challenge = await this.options.twoFactor.takeChallengeAttempt(input.challengeId!);
    if (!challenge) throw new WardenError('invalid_credentials', 'The login challenge is unknown, expired or used up; log in again');
    await this.options.throttle.assertAllowed(challenge.email, context.ip);
    const user = await findLoginUserById(this.options.db, challenge.userId);
    if (!user || user.disabled_at) throw new WardenError('invalid_credentials', 'E-mail or password is wrong');
    await this.checkSecondFactor(user, input, context);
    await this.options.twoFactor.closeChallenge(input.challengeId!);
    return user;
  }

  private async checkSecondFactor(user: UserRow, input: LoginInput, context: RequestContext): Promise<void> {
    const ok = await this.options.twoFactor.verify(user.id, { code: input.twoFactorCode, recoveryCode: input.recoveryCode });
    if (!ok) {
      await this.loginFailed(user.email, user, 'wrong_second_factor', context);
      throw new WardenError('invalid_two_factor_code', 'The two-factor code is wrong or was already used');
    }
  }

  private async loginFailed(email: string, user: UserRow | null, reason: string, context: RequestContext): Promise<void> {
    await this.options.throttle.recordFailure(email, context.ip);
    // One statement, no transaction: the event is the whole change.
    await recordAuditEventAlone(this.options.db, {
      workspaceId: null,
      type: 'login.failed',
      context: { ...context, actor: user ? { type: 'user', id: user.id } : { type: 'system', id: 'anonymous' } },
      data: { reason },
    });
  }

  async changePassword(userId: string, currentSessionId: string, currentPassword: string, newPassword: string, context: RequestContext): Promise<void> {
    const user = await findUserById(this.options.db, userId);
    if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
      throw new WardenError('invalid_credentials', 'The current password is wrong');
    }
    assertAcceptablePassword(newPassword);
    const passwordHash = await hashPassword(newPassword);
    const revokedHashes = await this.options.db.transaction(async (tx) => {
      await updatePasswordHash(tx, userId, passwordHash);
      const hashes = await revokeSessionsOfUser(tx, userId, new Date(this.options.clock.nowMs()), currentSessionId);
      await recordAuditEvent(tx, {
        workspaceId: null,
        type: 'password.changed',
        context,
        target: { type: 'user', id: userId },
        data: { sessions_revoked: hashes.length },
      });
      return hashes;
    });
    await invalidateSessions(this.options.bus, revokedHashes);
  }

  async logout(sessionId: string, workspaceId: string | null, context: RequestContext): Promise<void> {
    // One statement: the session revoked and its audit event.
    const tokenHash = await revokeSessionAudited(this.options.db, sessionId, new Date(this.options.clock.nowMs()), {
      workspaceId,
      type: 'session.revoked',
      context,
      target: { type: 'session', id: sessionId },
      data: { reason: 'logout' },
    });
    if (tokenHash) await invalidateSessions(this.options.bus, [tokenHash]);
  }
}
