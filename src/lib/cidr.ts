import { BlockList, isIP } from 'node:net';

export interface ParsedCidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses `203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`; null when not an address or range. */
export function parseCidr(text: string): ParsedCidr | null {
  const [address, prefixText, extra] = text.trim().split('/');
  if (!address || extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const maxPrefix = version === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > maxPrefix) return null;
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A BlockList that answers `check(ip)`; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is checked as IPv4. */
export function buildIpAllowList(cidrs: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`not an IP address or CIDR range: ${text}`);
    list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return (ip: string): boolean => {
    const mapped = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
    const family = isIP(mapped);
    if (family === 0) return false;
    return list.check(mapped, family === 4 ? 'ipv4' : 'ipv6');
  };
}
