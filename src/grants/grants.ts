/**
 * What other domains may use of grants (the sessions machine tokens belong to: an OAuth client's
 * or agent's current grant, a key-exchange session). The table code stays in grant-store.ts;
 * test/architecture.test.ts keeps other domains from importing it directly.
 */
export type { GrantKind, GrantRow, KeyExchangeGrant } from './grant-store.js';
export { expireGrant, findGrantByLabel, findLiveGrantOf, insertGrant, renewGrant, revokeGrantsOf, upsertKeyExchangeGrant } from './grant-store.js';
