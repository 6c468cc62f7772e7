/** The body fields of a password sign-in (+ its 2FA step), shared by POST /auth/login and POST /auth/session. */
export const passwordSignInProperties = {
  email: { type: 'string', maxLength: 254 },
  password: { type: 'string', maxLength: 1024 },
  twoFactorCode: { type: 'string', maxLength: 16 },
  recoveryCode: { type: 'string', maxLength: 32 },
  challenge_id: { type: 'string', maxLength: 64, description: 'From a 401 two_factor_required answer' },
} as const;
