/**
 * What other domains may use of workspaces: a user's memberships (login, sessions, the
 * authenticator's role scopes), a member's role, and the workspace a new account owns. The table
 * code stays in workspace-store.ts; test/architecture.test.ts keeps other domains from importing
 * it directly.
 */
export type { MembershipView } from './workspace-store.js';
export { addMember, insertWorkspace, membershipRowsOf, membershipsOf, membershipsOfRows, roleIn } from './workspace-store.js';
