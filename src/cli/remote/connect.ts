import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliUsageError } from './exit-codes.js';
import { Warden } from './sdk.js';

/** The SDK client for WARDEN_URL with WARDEN_API_KEY; a clear usage error (exit 2) when either is missing. */
export function connect(env: NodeJS.ProcessEnv = process.env): Warden {
  const url = env.WARDEN_URL?.trim();
  const apiKey = env.WARDEN_API_KEY?.trim();
  if (!url) throw new CliUsageError('WARDEN_URL is not set: export WARDEN_URL=https://auth.example.com (where Warden answers)');
  if (!apiKey) throw new CliUsageError('WARDEN_API_KEY is not set: export an API key with the scopes this command needs (`warden bootstrap` prints the first one)');
  const timeoutMs = env.WARDEN_CLI_TIMEOUT_MS ? Number(env.WARDEN_CLI_TIMEOUT_MS) : undefined;
  return new Warden({ apiKey, baseUrl: url, ...(timeoutMs && timeoutMs > 0 ? { timeoutMs } : {}) });
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with `--json`, positionals, and parse failures as usage errors (exit 2). */
export function parse<O extends Options>(args: string[], options: O, usage: string): { values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string } & { json?: boolean }; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options: { ...options, json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    return parsed as never;
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n${usage}`);
  }
}

/** The one positional argument (an id), or a usage error. */
export function onePositional(positionals: string[], what: string, usage: string): string {
  if (positionals.length !== 1) throw new CliUsageError(`${what} is required\n${usage}`);
  return positionals[0]!;
}

export const list = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(/[\s,]+/).filter(Boolean);

export function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new CliUsageError(`${flag} must be a whole number`);
  return Number(value);
}

export function jsonObject(value: string | undefined, flag: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new CliUsageError(`${flag} must be a JSON object, e.g. '{"team":"billing"}'`);
}
