// Hot-path shapes: the CPU each speed trick saves, per operation, against its plain form
// (docs/performance.md, "Hot-path shapes"). CPU time (process.cpuUsage: user + system, every
// thread of the process), not wall-clock: on a shared machine req/s swings 2–3×, CPU per
// operation much less. Each pair runs A, B, B, A, … (ROUNDS times each), and the median is printed.
//   npm run build && node bench/shapes.mjs            (SHAPES_ROUNDS, default 5; SHAPES_N scales the loops)
import { CompactSign } from 'jose';
import { performance } from 'node:perf_hooks';
import { inProcessAppWithKey } from './verify-inprocess.mjs';

const ROUNDS = Number(process.env.SHAPES_ROUNDS ?? 5);
const SCALE = Number(process.env.SHAPES_N ?? 1);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** CPU µs per operation of `batch(n)` (which runs n operations). */
async function cpuPerOp(batch, n) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await batch(n);
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / n, wall: ((performance.now() - t0) * 1000) / n };
}

/** Runs a and b alternately (a b b a …), after a warm-up; medians of CPU µs/op. */
async function pair(title, a, b, n) {
  n = Math.max(1, Math.round(n * SCALE));
  await a.run(Math.ceil(n / 4));
  await b.run(Math.ceil(n / 4));
  const as = [];
  const bs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [b, a] : [a, b];
    for (const side of order) (side === a ? as : bs).push((await cpuPerOp(side.run, n)).cpu);
  }
  const ma = median(as);
  const mb = median(bs);
  console.log(`\n${title}  (${n} ops × ${ROUNDS} rounds each, CPU µs/op, median [min–max])`);
  console.log(`  A ${a.name.padEnd(58)} ${ma.toFixed(3).padStart(8)}  [${Math.min(...as).toFixed(3)}–${Math.max(...as).toFixed(3)}]`);
  console.log(`  B ${b.name.padEnd(58)} ${mb.toFixed(3).padStart(8)}  [${Math.min(...bs).toFixed(3)}–${Math.max(...bs).toFixed(3)}]`);
  console.log(`  B − A = ${(mb - ma).toFixed(3)} µs/op (B/A ${(mb / ma).toFixed(2)})`);
  return { a: ma, b: mb };
}

const { extractCredential } = await import('../dist/auth/authenticator.js');
const { WardenError } = await import('../dist/errors/warden-error.js');
const { ERROR_CODES } = await import('../dist/errors/codes.js');

const { app, key } = await inProcessAppWithKey({ WARDEN_WORKER_THREADS: '0' }, 'shapes');
try {
  const { authenticator: auth, keyVerifier: keys, limiter, accessTokens, signingKeys } = app.warden;
  const input = { authorization: `Bearer ${key}`, apiKey: undefined, workspaceId: undefined, ip: '127.0.0.1' };
  const warm = await auth.check(input);
  if (!warm.ok) throw new Error(`check() refused the bench key: ${JSON.stringify(warm)}`);
  if (auth.check(input) instanceof Promise) throw new Error('check() of a cached key returned a Promise');

  // 1. A cached API key through Authenticator.check, as the auth hook runs it: the synchronous
  //    shape (a value, no promise) vs the same steps as async functions awaiting a resolved value
  //    at each layer (key verifier, authenticator, the hook awaiting it).
  const verifyAsync = async (token, ip) => keys.verify(token, ip);
  const checkAsync = async (request) => {
    const credential = extractCredential(request);
    if (!credential.ok) return credential;
    return auth.fromKey(await verifyAsync(credential.token, request.ip), request);
  };
  let bad = 0;
  const shapes = await pair(
    '1. cached API key: Authenticator.check (per request)',
    { name: 'synchronous (T | Promise<T>, a value when cached)', run: async (n) => { for (let i = 0; i < n; i++) if (!auth.check(input).ok) bad++; } },
    { name: 'async functions (await a resolved value per layer)', run: async (n) => { for (let i = 0; i < n; i++) if (!(await checkAsync(input)).ok) bad++; } },
    200_000,
  );
  if (bad > 0) throw new Error(`${bad} refused checks in the shapes loop`);

  // 1b. The rate-limit decision of the same request on the memory engine (now plain async), for scale.
  const checks = [{ key: 'bench:shapes', limit: 1e12, periodMs: 60_000, policy: 'bench' }];
  const consumed = [];
  for (let round = 0; round < ROUNDS; round++) consumed.push((await cpuPerOp(async (n) => { for (let i = 0; i < n; i++) if (!(await limiter.consume(checks)).allowed) bad++; }, Math.round(100_000 * SCALE))).cpu);
  console.log(`\n1b. await Limiter.consume (memory engine, async): ${median(consumed).toFixed(3)} CPU µs/op (median of ${ROUNDS})`);

  // 2. A 4xx WardenError built inside a request's stack (Fastify hooks, ~30 frames), with its
  //    stack trace suppressed (as now) and captured (the plain form), and — what a logger would
  //    do — the captured stack then read as text.
  class PlainWardenError extends Error {
    constructor(code, detail) {
      super(detail ?? ERROR_CODES[code].title);
      this.name = 'WardenError';
      this.code = code;
      this.status = ERROR_CODES[code].status;
      this.errors = undefined;
      this.extra = undefined;
      this.bearerError = 'invalid_token';
    }
  }
  const deep = (depth, make) => (depth === 0 ? make() : deep(depth - 1, make));
  let sink = 0;
  await pair(
    '2. a 401 WardenError, 30 frames deep',
    { name: 'Error.stackTraceLimit = 0 while constructing (now)', run: async (n) => { for (let i = 0; i < n; i++) sink += deep(30, () => new WardenError('invalid_key', 'The API key is not valid', { bearerError: 'invalid_token' })).status; } },
    { name: 'stack captured (plain Error subclass)', run: async (n) => { for (let i = 0; i < n; i++) sink += deep(30, () => new PlainWardenError('invalid_key', 'The API key is not valid')).status; } },
    100_000,
  );
  await pair(
    '2b. the same, its .stack read (a log line with err)',
    { name: 'Error.stackTraceLimit = 0 while constructing (now)', run: async (n) => { for (let i = 0; i < n; i++) sink += deep(30, () => new WardenError('invalid_key', 'The API key is not valid')).stack.length; } },
    { name: 'stack captured (plain Error subclass)', run: async (n) => { for (let i = 0; i < n; i++) sink += deep(30, () => new PlainWardenError('invalid_key', 'The API key is not valid')).stack.length; } },
    50_000,
  );

  // 3. Signing an access token on the event loop (WARDEN_WORKER_THREADS=0): the hand-rolled JWS
  //    (cached header, libsodium or node:crypto) vs jose's CompactSign with the ring's KeyObject.
  const ring = signingKeys;
  const signingKey = ring.current();
  const recipe = accessTokens.recipe({ sub: 'usr_bench', sid: 'ses_bench', scope: 'api-keys:read' }, 900);
  const payloadOf = (r) => ({ iss: accessTokens.issuer, aud: accessTokens.options.audience, iat: r.iatSeconds, nbf: r.iatSeconds, exp: r.expSeconds, jti: r.jti, ...r.claims });
  const encoder = new TextEncoder();
  const joseSign = (r) =>
    new CompactSign(encoder.encode(JSON.stringify(payloadOf(r)))).setProtectedHeader({ alg: 'EdDSA', kid: r.kid, typ: 'at+jwt' }).sign(signingKey.privateKey);
  const handRolled = await accessTokens.resign(recipe);
  const byJose = await joseSign(recipe);
  console.log(`\n3. signing backend of the hand-rolled path: ${process.env.WARDEN_DISABLE_SODIUM === '1' ? 'node:crypto' : 'libsodium if loaded'}; same token bytes from jose: ${handRolled === byJose}`);
  if (handRolled !== byJose) throw new Error('jose and the hand-rolled JWS differ');
  await pair(
    '3. one access token signed on the event loop',
    { name: 'hand-rolled JWS (AccessTokens.resign, inline signer)', run: async (n) => { for (let i = 0; i < n; i++) sink += (await accessTokens.resign(recipe)).length; } },
    { name: 'jose CompactSign + KeyObject', run: async (n) => { for (let i = 0; i < n; i++) sink += (await joseSign(recipe)).length; } },
    10_000,
  );
  if (sink === 0) console.log('');
  console.log(`\nper-request share of shape 1: ${(shapes.b - shapes.a).toFixed(2)} µs of a 50–80 µs request = ${((100 * (shapes.b - shapes.a)) / 80).toFixed(1)}–${((100 * (shapes.b - shapes.a)) / 50).toFixed(1)} %`);
} finally {
  await app.close();
}
