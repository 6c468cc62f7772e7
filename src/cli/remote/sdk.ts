// The CLI's management commands use the SDK (sdk/, built by the root `npm run build` before the
// server), from dist/cli/remote/ as from src/cli/remote/: three levels up is the repository.
export {
  Warden, WardenError, ConfigurationError, AuthenticationError, PermissionDeniedError, NotFoundError, ValidationError,
  ConflictError, RateLimitError, ConnectionError, ServerError,
} from '../../../sdk/dist/index.js';
export type { ApiKey, IssuedApiKey, OAuthClient, IssuedOAuthClient, Agent, Member, AuditEvent, Usage, Workspace } from '../../../sdk/dist/index.js';
