/**
 * Moved to auth/credential-rules.ts (the rules are about credentials in general). This re-export
 * only serves audit/event-routes.ts, which another change is editing; delete it once that file
 * imports from auth/credential-rules.js.
 */
export { metadataErrors, throwIfErrors } from '../auth/credential-rules.js';
