import { describe, it, expect } from 'vitest';
import { buildIpAllowList, parseCidr } from './cidr.js';

describe('parseCidr', () => {
  it('parses single IPv4 addresses as /32', () => {
    expect(parseCidr('203.0.113.7')).toEqual({ address: '203.0.113.7', prefix: 32, family: 'ipv4' });
    expect(parseCidr('0.0.0.0')).toEqual({ address: '0.0.0.0', prefix: 32, family: 'ipv4' });
  });

  it('parses IPv4 ranges', () => {
    expect(parseCidr('203.0.113.0/24')).toEqual({ address: '203.0.113.0', prefix: 24, family: 'ipv4' });
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('0.0.0.0/0')).toEqual({ address: '0.0.0.0', prefix: 0, family: 'ipv4' });
    expect(parseCidr('1.2.3.4/32')).toEqual({ address: '1.2.3.4', prefix: 32, family: 'ipv4' });
  });

  it('parses IPv6 addresses and ranges', () => {
    expect(parseCidr('2001:db8::/32')).toEqual({ address: '2001:db8::', prefix: 32, family: 'ipv6' });
    expect(parseCidr('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    expect(parseCidr('::/0')).toEqual({ address: '::', prefix: 0, family: 'ipv6' });
    expect(parseCidr('2001:db8::1/128')).toEqual({ address: '2001:db8::1', prefix: 128, family: 'ipv6' });
    expect(parseCidr('::ffff:10.0.0.1')).toEqual({ address: '::ffff:10.0.0.1', prefix: 128, family: 'ipv6' });
  });

  it('trims surrounding whitespace', () => {
    expect(parseCidr('  10.0.0.0/8 ')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
  });

  it('rejects prefixes beyond the family maximum', () => {
    expect(parseCidr('1.2.3.4/33')).toBeNull();
    expect(parseCidr('1.2.3.4/999')).toBeNull();
    expect(parseCidr('1.2.3.4/1000')).toBeNull();
    expect(parseCidr('2001:db8::/129')).toBeNull();
  });

  it('rejects non-numeric or malformed prefixes', () => {
    for (const text of ['1.2.3.4/abc', '1.2.3.4/', '1.2.3.4/-1', '1.2.3.4/+8', '1.2.3.4/8.0', '1.2.3.4/1e1', '1.2.3.4/0x10', '1.2.3.4/ 8', '2001:db8::/abc']) {
      expect(parseCidr(text), text).toBeNull();
    }
  });

  it('rejects extra segments', () => {
    expect(parseCidr('1.2.3.4/24/1')).toBeNull();
    expect(parseCidr('2001:db8::/32/1')).toBeNull();
    expect(parseCidr('1.2.3.4//24')).toBeNull();
  });

  it('rejects garbage', () => {
    for (const text of ['', ' ', '/', '/24', 'garbage', 'localhost', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1.2.3.4:80', '2001:db8:::1', 'not-an-ip/24']) {
      expect(parseCidr(text), JSON.stringify(text)).toBeNull();
    }
  });
});

describe('buildIpAllowList', () => {
  it('an empty list allows nobody', () => {
    const allowed = buildIpAllowList([]);
    expect(allowed('127.0.0.1')).toBe(false);
    expect(allowed('::1')).toBe(false);
  });

  it('a single IP allows exactly that IP', () => {
    const allowed = buildIpAllowList(['203.0.113.7']);
    expect(allowed('203.0.113.7')).toBe(true);
    expect(allowed('203.0.113.6')).toBe(false);
    expect(allowed('203.0.113.8')).toBe(false);
    expect(allowed('::ffff:203.0.113.7')).toBe(true);
  });

  it('a /24 allows its whole range and nothing outside it', () => {
    const allowed = buildIpAllowList(['203.0.113.0/24']);
    expect(allowed('203.0.113.0')).toBe(true);
    expect(allowed('203.0.113.1')).toBe(true);
    expect(allowed('203.0.113.255')).toBe(true);
    expect(allowed('203.0.112.255')).toBe(false);
    expect(allowed('203.0.114.0')).toBe(false);
    expect(allowed('10.0.0.1')).toBe(false);
  });

  it('an IPv6 /32 allows its range', () => {
    const allowed = buildIpAllowList(['2001:db8::/32']);
    expect(allowed('2001:db8::1')).toBe(true);
    expect(allowed('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(true);
    expect(allowed('2001:db9::1')).toBe(false);
    expect(allowed('2001:db7:ffff::1')).toBe(false);
    expect(allowed('::1')).toBe(false);
    expect(allowed('203.0.113.7')).toBe(false);
  });

  it('checks IPv4-mapped IPv6 addresses as IPv4', () => {
    const allowed = buildIpAllowList(['10.0.0.0/8']);
    expect(allowed('::ffff:10.0.0.1')).toBe(true);
    expect(allowed('::ffff:10.255.255.255')).toBe(true);
    expect(allowed('::ffff:11.0.0.1')).toBe(false);
    expect(allowed('10.0.0.1')).toBe(true);
    expect(allowed('::FFFF:10.0.0.1')).toBe(true);
    expect(allowed('0:0:0:0:0:ffff:10.0.0.1')).toBe(true);
  });

  it('an IPv4-mapped IPv6 entry matches the plain IPv4 address too', () => {
    const allowed = buildIpAllowList(['::ffff:10.0.0.0/104']);
    expect(allowed('10.0.0.1')).toBe(true);
    expect(allowed('::ffff:10.0.0.1')).toBe(true);
    expect(allowed('11.0.0.1')).toBe(false);
  });

  it('combines several entries of both families', () => {
    const allowed = buildIpAllowList(['10.0.0.0/8', '192.168.1.10', '2001:db8::/32', '::1']);
    expect(allowed('10.1.2.3')).toBe(true);
    expect(allowed('192.168.1.10')).toBe(true);
    expect(allowed('192.168.1.11')).toBe(false);
    expect(allowed('2001:db8::42')).toBe(true);
    expect(allowed('::1')).toBe(true);
    expect(allowed('::2')).toBe(false);
    expect(allowed('172.16.0.1')).toBe(false);
  });

  it('returns false for anything that is not an IP address', () => {
    const allowed = buildIpAllowList(['0.0.0.0/0', '::/0']);
    expect(allowed('1.2.3.4')).toBe(true); // sanity: the list allows every real address
    for (const input of ['', 'not-an-ip', 'localhost', '10.0.0.1:443', '10.0.0.0/8', '::ffff:', ' 10.0.0.1', '10.0.0.1, 10.0.0.2']) {
      expect(allowed(input), JSON.stringify(input)).toBe(false);
    }
  });

  it('throws on an invalid CIDR, naming it', () => {
    expect(() => buildIpAllowList(['10.0.0.0/8', '1.2.3.4/33'])).toThrow('not an IP address or CIDR range: 1.2.3.4/33');
    expect(() => buildIpAllowList(['garbage'])).toThrow(/garbage/);
    expect(() => buildIpAllowList(['1.2.3.4/abc'])).toThrow(Error);
  });
});
