import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isRedisDown } from '../store/redis.js';
import type { LimitCheck, LimitOutcome, RateLimitEngine } from './engine.js';

/**
 * GCRA over all of one request's buckets in a single script, so the decision is atomic across
 * instances: read every TAT, decide each exactly like gcra.ts (same double arithmetic, same
 * rounding), and write the new TATs only when every bucket allows the request. A key expires when
 * its bucket is full again (TAT in the past = no state), so idle buckets cost nothing.
 *
 * KEYS[i]: bucket i. ARGV[1]: now (ms); ARGV[2i], ARGV[2i+1]: limit and period (ms) of bucket i.
 * Numbers cross the boundary as strings: '%.17g' round-trips a double exactly (Lua's tostring
 * keeps only 14 digits, and Redis would truncate a returned Lua number to an integer).
 */
const GCRA_SCRIPT = `
local now = tonumber(ARGV[1])
local n = #KEYS
local results = {}
local all_allowed = true
local function num(x) return string.format('%.17g', x) end
for i = 1, n do
  local limit = tonumber(ARGV[2 * i])
  local period = tonumber(ARGV[2 * i + 1])
  local interval = period / limit
  local stored = tonumber(redis.call('GET', KEYS[i]))
  local tat = now
  if stored ~= nil and stored >= now then tat = stored end
  local new_tat = tat + interval
  local allow_at = new_tat - period
  if now < allow_at then
    all_allowed = false
    results[i] = { '0', num(tat), '0', num(tat), num(math.ceil(allow_at - now)) }
  else
    local remaining = math.floor((period - (new_tat - now)) / interval + 1e-9)
    results[i] = { '1', num(new_tat), num(remaining), num(new_tat), '0', new_tat }
  end
end
if all_allowed then
  for i = 1, n do
    local new_tat = results[i][6]
    local ttl = math.ceil(new_tat - now)
    if ttl < 1 then ttl = 1 end
    redis.call('SET', KEYS[i], num(new_tat), 'PX', ttl)
  end
end
for i = 1, n do results[i][6] = nil end
return results
`;

const GCRA_SHA = createHash('sha1').update(GCRA_SCRIPT).digest('hex');

export interface RedisEngineOptions {
  /** Prepended to every bucket key. */
  prefix?: string;
}

/**
 * Rate limits shared by every instance through Redis (one EVALSHA per request). Decisions use the
 * caller's `nowMs`, not Redis TIME — so the Redis and memory engines agree exactly and tests can
 * drive a manual clock — which means the instances' clocks must be NTP-synchronised: an instance
 * running ahead lets its own requests through a little early, and writes TATs the others see late.
 *
 * Multi-key script: on Redis Cluster, all of a request's keys would have to share a hash slot;
 * this engine targets a single Redis (or a Sentinel-managed primary).
 *
 * Fails fast: when the connection is known to be down, consume() rejects at once instead of
 * queueing; otherwise a command fails after the connection's commandTimeout (see openRedis). Wrap
 * it in createFallbackEngine. The engine does not own the connection: close() leaves it open.
 */
export function createRedisEngine(redis: Redis, options: RedisEngineOptions = {}): RateLimitEngine {
  const prefix = options.prefix ?? 'warden:rl:';

  const run = async (keys: string[], args: string[]): Promise<unknown> => {
    try {
      return await redis.evalsha(GCRA_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(GCRA_SCRIPT, keys.length, ...keys, ...args);
    }
  };

  return {
    name: 'redis',
    async consume(checks: readonly LimitCheck[], nowMs: number): Promise<LimitOutcome[]> {
      if (checks.length === 0) return [];
      if (isRedisDown(redis)) throw new Error(`Redis rate limiter: not connected (${redis.status})`);
      const keys = checks.map((check) => prefix + check.key);
      const args = [String(nowMs)];
      for (const check of checks) args.push(String(check.limit), String(check.periodMs));
      const reply = await run(keys, args);
      if (!Array.isArray(reply) || reply.length !== checks.length) {
        throw new Error('Redis rate limiter: unexpected reply from the GCRA script');
      }
      return checks.map((check, i) => {
        const row: unknown = reply[i];
        if (!Array.isArray(row) || row.length !== 5) {
          throw new Error('Redis rate limiter: unexpected reply from the GCRA script');
        }
        const [allowed, newTatMs, remaining, resetAtMs, retryAfterMs] = row.map((value) => Number(String(value)));
        return {
          check,
          allowed: allowed === 1,
          newTatMs: newTatMs!,
          remaining: remaining!,
          resetAtMs: resetAtMs!,
          retryAfterMs: retryAfterMs!,
        };
      });
    },
    async close() {
      // The connection belongs to the caller (closeRedis).
    },
  };
}
