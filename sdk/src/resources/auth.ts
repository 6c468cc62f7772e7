import type { Transport } from '../transport.js';
import type { LoginResult, RefreshResult, TokenResult } from '../types.js';
import type { CallOptions } from './shared.js';

export interface LoginParams {
  email?: string;
  password?: string;
  /** The TOTP code, once a first try raised TwoFactorRequiredError. */
  twoFactorCode?: string;
  recoveryCode?: string;
  /** From TwoFactorRequiredError.challengeId: finish the login without sending the password again. */
  challengeId?: string;
}

/** The public auth flows: no credential is sent with them. */
export class Auth {
  constructor(private readonly transport: Transport) {}

  /**
   * E-mail + password → session token, access and refresh tokens. With 2FA on, the first call raises
   * `TwoFactorRequiredError` (its `challengeId`); call again with `{ challengeId, twoFactorCode }`.
   */
  async login(params: LoginParams, options: CallOptions = {}): Promise<LoginResult> {
    const { challengeId, ...rest } = params;
    return this.transport.request({
      method: 'POST', path: '/auth/login', authorization: null, signal: options.signal,
      body: { ...rest, ...(challengeId ? { challenge_id: challengeId } : {}) },
    });
  }

  /** A refresh token → a new access + refresh pair (the old refresh token is used up). */
  async refresh(refreshToken: string, options: CallOptions = {}): Promise<RefreshResult> {
    return this.transport.request({ method: 'POST', path: '/auth/refresh', authorization: null, body: { refresh_token: refreshToken }, signal: options.signal });
  }

  /**
   * Trade an API key for a 2 h bearer token (seed 003). The same token comes back while it is valid
   * for the same key and `sessionId`; a new `sessionId` gets a new token. Default key: this client's.
   */
  async exchangeKey(params: { apiKey?: string; sessionId?: string } = {}, options: CallOptions = {}): Promise<TokenResult> {
    const apiKey = params.apiKey ?? this.transport.options.credential;
    return this.transport.request({
      method: 'POST', path: '/auth/login', authorization: null, signal: options.signal,
      body: { api_key: apiKey, ...(params.sessionId ? { session_id: params.sessionId } : {}) },
    });
  }

  /** End the session of `token` (a `sess_` token or its access token; default: this client's credential). */
  async logout(token?: string, options: CallOptions = {}): Promise<void> {
    const bearer = token ?? this.transport.options.credential;
    await this.transport.request({ method: 'POST', path: '/auth/logout', authorization: bearer ? `Bearer ${bearer}` : null, signal: options.signal });
  }
}
