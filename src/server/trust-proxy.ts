import { buildIpAllowList } from '../lib/cidr.js';

const MEMO_MAX_ENTRIES = 10_000;

/**
 * fastify's `trustProxy` as a function: is the peer at `address` one of TRUSTED_PROXIES?
 * fastify asks on every `request.ip` / `request.protocol`; the answer per address is
 * remembered (a peer's trust never changes while the process runs), which keeps address
 * parsing off the hot path.
 */
export function trustedProxyMatcher(cidrs: readonly string[]): ((address: string, hop: number) => boolean) | false {
  if (cidrs.length === 0) return false;
  const isTrusted = buildIpAllowList(cidrs);
  const memo = new Map<string, boolean>();
  return (address: string): boolean => {
    let trusted = memo.get(address);
    if (trusted === undefined) {
      trusted = isTrusted(address);
      if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
      memo.set(address, trusted);
    }
    return trusted;
  };
}
