export { Warden, SDK_VERSION, type WardenOptions } from './client.js';
export {
  WardenError, ValidationError, AuthenticationError, TwoFactorRequiredError, PermissionDeniedError, NotFoundError,
  ConflictError, RateLimitError, ServerError, ConnectionError, TimeoutError, ConfigurationError,
  type FieldError, type WardenErrorInit,
} from './errors.js';
export { PageIterator, type Page } from './pagination.js';
export type { StreamOptions } from './event-stream.js';
export type { CallOptions } from './resources/shared.js';
export type { LoginParams } from './resources/auth.js';
export type { ClientCredentialsParams } from './resources/oauth.js';
export type * from './types.js';
