import { RefreshTokens } from '../../tokens/refresh-tokens.js';
import type { AccessTokens } from '../../tokens/access-tokens.js';
import { TwoFactorService } from '../../twofactor/two-factor-service.js';
import { AccountService } from '../../sessions/account-service.js';
import { LoginThrottle } from '../../sessions/login-throttle.js';
import { SessionService } from '../../sessions/session-service.js';
import type { SessionVerifier } from '../../sessions/session-verifier.js';
import { PasswordResetService } from '../../sessions/password-reset-service.js';
import { WorkspaceService } from '../../workspaces/workspace-service.js';
import type { TouchBatcher } from '../../store/touch-batcher.js';
import type { Mailer } from '../../mail/mailer.js';
import { createOutboxMailer } from '../../mail/outbox-mailer.js';
import { createSmtpMailer } from '../../mail/smtp-mailer.js';
import { outboxDirOf, publicUrlOf } from '../config.js';
import type { Foundation } from './foundation.js';

/** How long a login failure counts towards an account's or an address's back-off. */
const LOGIN_FAILURE_MEMORY_SECONDS = 24 * 3600;
/** How long a workspace invitation (its e-mailed link) may be accepted. */
const INVITATION_TTL_SECONDS = 7 * 86_400;

/** People: accounts and logins, sessions, refresh tokens, two-factor, password resets, workspaces and their invitations. */
export interface AccountServices {
  mailer: Mailer;
  refreshTokens: RefreshTokens;
  twoFactor: TwoFactorService;
  accounts: AccountService;
  sessionService: SessionService;
  passwordResets: PasswordResetService;
  workspaces: WorkspaceService;
}

export interface AccountServicesOptions extends Foundation {
  accessTokens: AccessTokens;
  sessionVerifier: SessionVerifier;
  sessionTouches: TouchBatcher;
  /** Default: SMTP with WARDEN_SMTP_URL, else the outbox directory. */
  mailer?: Mailer | undefined;
}

export function createAccountServices(options: AccountServicesOptions): AccountServices {
  const { config, db, bus, clock, kv, secrets, scopePolicy, logger, accessTokens } = options;
  const publicUrl = publicUrlOf(config);
  const refreshTokens = new RefreshTokens({
    db, bus, clock, accessTokens, sessions: options.sessionVerifier,
    ttlSeconds: config.refreshTokenTtlSeconds,
    reuseGraceSeconds: config.refreshReuseGraceSeconds,
    store: kv,
  });
  const twoFactor = new TwoFactorService({ db, clock, issuer: config.totpIssuer, store: kv, secrets });
  const accounts = new AccountService({
    twoFactor, accessTokens, refreshTokens, db, bus, clock,
    registration: config.registration,
    sessionIdleSeconds: config.sessionIdleSeconds,
    sessionMaxAgeSeconds: config.sessionMaxAgeSeconds,
    throttle: new LoginThrottle({
      clock,
      perAccount: { freeFailures: config.loginFreeFailures, maxBlockSeconds: config.loginMaxBlockSeconds },
      perIp: { freeFailures: config.loginIpFreeFailures, maxBlockSeconds: config.loginMaxBlockSeconds },
      memorySeconds: LOGIN_FAILURE_MEMORY_SECONDS,
      store: kv,
    }),
  });
  const sessionService = new SessionService({
    db, bus, clock, scopePolicy, touches: options.sessionTouches, idleTimeoutSeconds: config.sessionIdleSeconds,
  });
  const mailer = options.mailer ?? (config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : createOutboxMailer({ dir: outboxDirOf(config), from: config.mailFrom, log: (message) => logger.info(message) }));
  const passwordResets = new PasswordResetService({ db, bus, clock, mailer, logger, publicUrl, ttlSeconds: config.passwordResetTtlSeconds });
  const workspaces = new WorkspaceService({
    db, bus, clock, scopePolicy, deploymentResources: config.scopeResources, mailer, publicUrl, invitationTtlSeconds: INVITATION_TTL_SECONDS,
  });
  return { mailer, refreshTokens, twoFactor, accounts, sessionService, passwordResets, workspaces };
}
