/**
 * What other domains may use of sessions: ending one session or all of a user's (refresh-token
 * reuse, a disabled user), the live sessions whose caches a membership change must drop, and the
 * ids behind token hashes (the invalidation stream). The
 * table code stays in session-store.ts; test/architecture.test.ts keeps other domains from
 * importing it directly.
 */
export type { FirstRefreshToken } from './session-store.js';
export { liveSessionHashes, revokeSession, revokeSessionsOfUser, sessionIdsOfHashes } from './session-store.js';
