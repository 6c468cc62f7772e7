/**
 * What other domains may use of users (accounts, login, workspaces): the user row and its public
 * view, and the few reads and writes they need. The table code stays in user-store.ts;
 * test/architecture.test.ts keeps other domains from importing it directly.
 */
export type { UserRow, UserView } from './user-store.js';
export { countUsers, findUserByEmail, findUserById, insertUser, normalizeEmail, toUserView, updatePasswordHash } from './user-store.js';
export { findLoginUserByEmail, findLoginUserById, type LoginUser } from './login-user.js';
