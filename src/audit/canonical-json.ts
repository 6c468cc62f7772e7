// The canonical JSON of the audit chain lives with the chain format in workers/audit-chain.cjs.
export { canonicalJson } from './chain-link.js';
