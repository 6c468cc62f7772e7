import { readFileSync } from 'node:fs';
import { parseCidr } from '../lib/cidr.js';

/** A wrong setting stops the server with a message naming it. */
export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`Invalid setting ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Parser<T> = (raw: string, name: string) => T;

export const text: Parser<string> = (raw) => raw;

export function integer(min: number, max: number): Parser<number> {
  return (raw, name) => {
    if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
    const value = Number(raw);
    if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
    return value;
  };
}

export const boolean: Parser<boolean> = (raw, name) => {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
};

export function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw, name) => {
    if ((values as string[]).includes(raw)) return raw as T;
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
  };
}

export function pattern(regex: RegExp, description: string): Parser<string> {
  return (raw, name) => {
    if (!regex.test(raw)) throw new ConfigError(name, `${description}, got "${raw}"`);
    return raw;
  };
}

export function list<T>(item: Parser<T>): Parser<T[]> {
  return (raw, name) =>
    raw
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0)
      .map((part) => item(part, name));
}

/** A 32-byte key as 64 hex digits or base64 / base64url (never echoed in errors). */
export const secretKey: Parser<Buffer> = (raw, name) => {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw) ? Buffer.from(raw, 'base64') : null;
  if (!key || key.length !== 32) throw new ConfigError(name, 'each key must be 32 random bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)');
  return key;
};

export const cidr: Parser<string> = (raw, name) => {
  if (!parseCidr(raw)) throw new ConfigError(name, `"${raw}" is not an IP address or CIDR range`);
  return raw;
};

export const url: Parser<string> = (raw, name) => {
  try {
    new URL(raw);
    return raw;
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL`);
  }
};

export const readableFile: Parser<string> = (raw, name) => {
  try {
    readFileSync(raw);
    return raw;
  } catch {
    throw new ConfigError(name, `cannot read file "${raw}"`);
  }
};

export function urlWithScheme(...schemes: string[]): Parser<string> {
  return (raw, name) => {
    const parsed = url(raw, name);
    if (!schemes.includes(new URL(parsed).protocol)) {
      throw new ConfigError(name, `must start with ${schemes.map((s) => `${s}//`).join(' or ')}, got "${raw}"`);
    }
    return parsed;
  };
}
