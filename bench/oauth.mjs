// P2: Warden OAuth2 client-credentials issuance (`npm run bench:oauth` = build + this file, and part
// of `npm run bench`). 127.0.0.1 only, ≈ 1 min.
//
//  1. Token issuance: Warden POST /oauth/token (grant_type=client_credentials, scope=deals:read,
//     client_secret_basic; answers a Warden JWT access token) vs panva's oidc-provider POST /token
//     (bench/oidc-provider-server.mjs: client_credentials, one static client_secret_basic client,
//     RFC 8707 resource server with ES256-signed JWT access tokens, TTL 3600 s). Same request body,
//     same headers apart from the Basic credentials. Judged: Warden req/s ≥ 2× oidc-provider.
//  (GET /v1/me with a JWT access token is P1b, in bench/run.mjs.)
//
// Every server runs in its own child process and every load run is autocannon in its own child
// (bench/load.mjs), BENCH_CONNECTIONS connections, pipelining 1, BENCH_DURATION s after a
// warm-up (BENCH_WARMUP s in the first round, 1 s after). The runs are interleaved in rounds
// (BENCH_OAUTH_ROUNDS, 3): each round measures oidc-provider then Warden's token endpoint, so a baseline and its Warden run are seconds apart
// and a machine whose speed drifts over minutes drifts under both; each ratio is the median of
// the rounds' own ratios. Every response of every run must be 2xx —
// anything else (or a connection error or timeout) fails the run with exit code 1. p50/p99 are exact
// nearest-rank percentiles of every response's hrtime duration in the load process.
// Table on stdout, JSON in bench/results/oauth-latest.json. PASS/FAIL is informational; exit 0
// unless something broke.
//
// Warden: production mode (bench/warden-server.mjs) with WARDEN_SCOPE_RESOURCES=deals; store as in
// bench/store.mjs (BENCH_DATABASE_URL / DATABASE_URL → PostgreSQL, else embedded PGlite). The OAuth
// client is created through the real API: /auth/register → /auth/login (session of the workspace
// owner) → POST /v1/oauth-clients.
//
// Knobs (env): BENCH_DURATION (s, 5), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (50), BENCH_OAUTH_ROUNDS (3),
// BENCH_PROFILE=1 (CPU-profile each measured run inside its server and print the top self-time
// functions; costs throughput, so the table is then not comparable with normal runs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { createRemoteJWKSet, decodeProtectedHeader, decodeJwt, jwtVerify } from 'jose';
import { CFG as SHARED, RESULTS_DIR, num } from './config.mjs';
import { machineFacts, table, targetTable, median } from './report.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll, isSignalled } from './children.mjs';
import { startServer, startWarden } from './servers.mjs';
import { prepareBenchStore } from './store.mjs';
import { runLoad, profiled } from './measure.mjs';
import { summarize, formatSummary } from './profile-summary.mjs';

installCleanupHandlers();

const CFG = {
  connections: SHARED.connections,
  durationS: SHARED.durationS,
  warmupS: SHARED.warmupS,
  pipelining: SHARED.pipelining,
  profile: SHARED.profile,
  rounds: num('BENCH_OAUTH_ROUNDS', 3),
};
const TARGETS = { tokenRatio: 2 };

const SCOPE = 'deals:read';
const TTL_SECONDS = 3600;
const OIDC_RESOURCE = 'urn:warden-bench:deals';
const TOKEN_BODY = `grant_type=client_credentials&scope=${SCOPE}`; // ":" needs no escaping in a form body
const FORWARDED = { 'x-forwarded-proto': 'https' };

const fmtInt = (n) => (n == null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US'));
const fmt2 = (n) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(2));
const fmt0 = (n) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(0));

const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function call(base, method, path, { json, form, headers = {} } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...FORWARDED,
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : form,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) throw new Error(`setup: ${method} ${base}${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Warden: owner session → OAuth client with deals:read. Resolves { clientId, clientSecret }. */
async function createWardenClient(base) {
  const email = `bench-oauth-${Date.now()}@example.com`;
  const password = 'bench-oauth-password-1234';
  await call(base, 'POST', '/auth/register', { json: { email, password } });
  const { token } = await call(base, 'POST', '/auth/login', { json: { email, password } });
  if (typeof token !== 'string') throw new Error('setup: /auth/login answered no session token');
  const created = await call(base, 'POST', '/v1/oauth-clients', {
    headers: { authorization: `Bearer ${token}` },
    json: { name: 'bench', scopes: [SCOPE], token_ttl_seconds: TTL_SECONDS },
  });
  const clientId = created?.data?.client_id;
  const clientSecret = created?.data?.client_secret;
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw new Error(`setup: POST /v1/oauth-clients returned no client_id/client_secret: ${JSON.stringify(created)}`);
  }
  return { clientId, clientSecret };
}

/**
 * One real client-credentials request; checks the answer is a Bearer JWT (three parts) with the
 * scope and TTL asked for, whose signature verifies against the issuer's JWKS.
 */
async function issueAndCheck(name, base, path, jwksPath, authorization) {
  const r = await call(base, 'POST', path, { form: TOKEN_BODY, headers: { authorization } });
  const problems = [];
  const token = r?.access_token;
  if (typeof token !== 'string' || token.split('.').length !== 3) problems.push(`access_token is not a JWS compact JWT: ${JSON.stringify(r)}`);
  if (String(r?.token_type).toLowerCase() !== 'bearer') problems.push(`token_type ${r?.token_type}`);
  if (r?.expires_in !== TTL_SECONDS) problems.push(`expires_in ${r?.expires_in}, expected ${TTL_SECONDS}`);
  if (r?.scope !== SCOPE) problems.push(`scope ${JSON.stringify(r?.scope)}, expected ${SCOPE}`);
  if (problems.length) throw new Error(`setup: ${name} ${path}: ${problems.join('; ')}`);
  const header = decodeProtectedHeader(token);
  const claims = decodeJwt(token);
  await jwtVerify(token, createRemoteJWKSet(new URL(`${base}${jwksPath}`), { headers: FORWARDED }), { algorithms: [header.alg] })
    .catch((e) => { throw new Error(`setup: ${name}: the access token does not verify against ${jwksPath}: ${e.message}`); });
  return { token, header, claims, bytes: token.length, response: r };
}

/** A short description of a token for the notes. */
const describeToken = (t) => `${t.header.alg}${t.header.typ ? ` typ ${t.header.typ}` : ''}, ${t.bytes} chars, claims ${Object.keys(t.claims).join(' ')}`;

function packageVersion(name) {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve(name);
    const idx = main.lastIndexOf(`node_modules/${name}/`);
    return JSON.parse(readFileSync(join(main.slice(0, idx), 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

async function main() {
  const started = Date.now();
  const loadStart = loadavg();
  const log = (s) => process.stderr.write(`[bench:oauth ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
  const versions = { oidcProvider: packageVersion('oidc-provider'), fastify: packageVersion('fastify'), autocannon: packageVersion('autocannon') };
  log(`node ${process.version}, ${cpus().length} CPUs, load ${loadStart.map((x) => x.toFixed(2)).join(' ')}; ` +
    `${CFG.connections} connections, ${CFG.warmupS}s warm-up + ${CFG.durationS}s per run, ${CFG.rounds} round(s); oidc-provider ${versions.oidcProvider}${CFG.profile ? '; PROFILING' : ''}`);

  // 1. Servers, booted in parallel; nothing is measured yet.
  const dataDir = makeTempDataDir('warden-bench-oauth-');
  store = await prepareBenchStore();
  const oidcClient = { clientId: 'bench-oidc', clientSecret: randomBytes(32).toString('base64url') };
  const [warden, oidc] = await Promise.all([
    startWarden(dataDir, store.databaseUrl, { WARDEN_SCOPE_RESOURCES: 'deals' }),
    startServer('oidc-provider-server.mjs', 'oidc-provider-server', {
      ...process.env,
      NODE_ENV: 'production',
      OIDC_BENCH_CLIENT_ID: oidcClient.clientId,
      OIDC_BENCH_CLIENT_SECRET: oidcClient.clientSecret,
      OIDC_BENCH_RESOURCE: OIDC_RESOURCE,
    }),
  ]);
  const wardenBase = `http://127.0.0.1:${warden.port}`;
  const oidcBase = `http://127.0.0.1:${oidc.port}`;
  log(`warden on :${warden.port} (pid ${warden.pid}, store: ${store.label}); ` +
    `oidc-provider on :${oidc.port} (pid ${oidc.pid})`);

  // 2. Clients and one checked token from each issuer.
  const wardenClient = await createWardenClient(wardenBase);
  const wardenAuth = basic(wardenClient.clientId, wardenClient.clientSecret);
  const oidcAuth = basic(oidcClient.clientId, oidcClient.clientSecret);
  const wardenToken = await issueAndCheck('Warden', wardenBase, '/oauth/token', '/.well-known/jwks.json', wardenAuth);
  const oidcToken = await issueAndCheck('oidc-provider', oidcBase, '/token', '/jwks', oidcAuth);
  if (oidcToken.header.alg !== 'ES256' || oidcToken.header.typ !== 'at+jwt') {
    throw new Error(`setup: oidc-provider issued ${JSON.stringify(oidcToken.header)}, expected an ES256 at+jwt`);
  }
  log(`Warden client ${wardenClient.clientId}: token ${describeToken(wardenToken)}`);
  log(`oidc-provider client ${oidcClient.clientId}: token ${describeToken(oidcToken)}`);

  // 3. Load runs: each target warmed up, then measured; baseline before Warden.
  const base = { connections: CFG.connections, fineLatency: true };
  const tokenReq = (authorization) => ({ method: 'POST', body: TOKEN_BODY, headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', ...FORWARDED } });
  const targets = {
    oidcToken: { ...base, ...tokenReq(oidcAuth), title: 'oidc-provider POST /token (client_credentials, ES256 JWT)', url: `${oidcBase}/token`, server: oidc, label: 'token' },
    wardenToken: { ...base, ...tokenReq(wardenAuth), title: 'Warden POST /oauth/token (client_credentials)', url: `${wardenBase}/oauth/token`, server: warden, label: 'oauth-token' },
  };
  const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  const profiles = [];
  for (let round = 0; round < CFG.rounds; round++) {
    for (const [name, t] of Object.entries(targets)) {
      await runLoad({ ...t, title: `${t.title} (warm-up)`, durationS: round === 0 ? CFG.warmupS : 1 });
      const measure = () => runLoad({ ...t, durationS: CFG.durationS });
      // The profiler (BENCH_PROFILE=1) watches the first round only.
      const { result, profileFile } = round === 0 ? await profiled(t.server, t.label, measure) : { result: await measure() };
      if (profileFile) profiles.push({ name, title: t.title, file: profileFile, requests: result.totalRequests });
      runs[name].push(result);
      const r = result;
      log(`round ${round + 1}/${CFG.rounds} ${t.title}: ${fmtInt(r.reqPerSec.mean)} req/s, p50 ${fmt2(r.fineLatencyMs.p50)} ms, p99 ${fmt2(r.fineLatencyMs.p99)} ms, ` +
        `${r.totalRequests.toLocaleString('en-US')} requests, all 2xx` +
        (r.serverCpuUsPerRequest != null ? `, server CPU ${fmt0(r.serverCpuUsPerRequest)} µs/req (${fmt0(100 * r.serverCpuUtilisation)}% of a core)` : ''));
    }
  }

  await stopAll();
  await store.cleanup();
  log('servers stopped');

  // 4. Report: medians over the rounds; each ratio is the median of the rounds' own ratios.
  const rps = (list) => median(list.map((r) => r.reqPerSec.mean));
  const lat = (list) => ({ 'p50 ms': fmt2(median(list.map((r) => r.fineLatencyMs.p50))), 'p99 ms': fmt2(median(list.map((r) => r.fineLatencyMs.p99))) });
  const roundRatios = (ours, baseline) => ours.map((r, i) => r.reqPerSec.mean / baseline[i].reqPerSec.mean);
  const tokenRatios = roundRatios(runs.wardenToken, runs.oidcToken);
  const tokenRatio = median(tokenRatios);
  const judged = { tokenRatio, tokenPass: tokenRatio >= TARGETS.tokenRatio };
  const oidcLabel = `oidc-provider ${versions.oidcProvider} POST /token (req/s)`;
  const rows = [
    { benchmark: `oidc-provider ${versions.oidcProvider} POST /token, client_credentials, ES256 JWT (req/s)`, ours: fmtInt(rps(runs.oidcToken)), ...lat(runs.oidcToken),
      baseline: '(this is the baseline)', 'baseline figure': '—', ratio: '1.00', target: 'reference', 'pass/fail': '—' },
    { benchmark: `Warden POST /oauth/token, client_credentials, ${wardenToken.header.alg} JWT (req/s)`, ours: fmtInt(rps(runs.wardenToken)), ...lat(runs.wardenToken),
      baseline: oidcLabel, 'baseline figure': fmtInt(rps(runs.oidcToken)), ratio: fmt2(tokenRatio),
      target: `≥ ${TARGETS.tokenRatio}×`, 'pass/fail': judged.tokenPass ? 'PASS' : 'FAIL' },
  ];
  const cpuOf = (list) => median(list.map((r) => r.serverCpuUsPerRequest));
  const cpuRatio = (a, b) => (cpuOf(a) != null && cpuOf(b) ? cpuOf(a) / cpuOf(b) : null);
  const cpu = (list) => (cpuOf(list) != null ? `${fmt0(cpuOf(list))} µs` : '—');
  const listOf = (ratios) => ratios.map(fmt2).join(', ');
  const notes = [
    `Load: autocannon in its own process per run, ${CFG.connections} connections, pipelining ${CFG.pipelining}, ${CFG.durationS}s measured after a warm-up ` +
      `(${CFG.warmupS}s in the first round, 1s after); ${CFG.rounds} round(s), each in the order oidc-provider → Warden /oauth/token. ` +
      `Figures are medians over the rounds; the ratio is the median of the rounds' own ratios (${listOf(tokenRatios)}). ` +
      `req/s = mean of per-second samples; p50/p99 exact (nearest rank) over every response's ` +
      `hrtime duration in the load process. Every response was 2xx (checked per run; anything else fails the bench).`,
    `Token requests: POST, content-type application/x-www-form-urlencoded, body "${TOKEN_BODY}", client_secret_basic, X-Forwarded-Proto: https (used by Warden, ignored by oidc-provider). ` +
      `Warden token: ${describeToken(wardenToken)}. oidc-provider token: ${describeToken(oidcToken)}. Both verified once against the issuer's JWKS before the runs.`,
    `oidc-provider ${versions.oidcProvider} (newest release that supports Node 20; 9.x requires Node 22 LTS): features.clientCredentials, features.resourceIndicators ` +
      `(defaultResource → ${OIDC_RESOURCE}, useGrantedResource → true, getResourceServerInfo → { scope: '${SCOPE}', accessTokenFormat: 'jwt', accessTokenTTL: ${TTL_SECONDS}, jwt: { sign: { alg: 'ES256' } } }), ` +
      `one static client (client_secret_basic, grant_types [client_credentials], response_types [], scope ${SCOPE}), one P-256 key in jwks, devInteractions off, NODE_ENV=production. ` +
      `JWT-format tokens are not written to its (default in-memory) adapter, so its token path is stateless too.`,
    `Warden: one process, WARDEN_ENV=production, WARDEN_SCOPE_RESOURCES=deals, TRUSTED_PROXIES=127.0.0.1, silent logs, store: ${store.label}; ` +
      `OAuth client created via /auth/register → /auth/login → POST /v1/oauth-clients (${wardenClient.clientId}).`,
    `Server CPU per request (utime+stime of the server process / requests; steadier than req/s on a busy machine): oidc-provider ${cpu(runs.oidcToken)}, ` +
      `Warden /oauth/token ${cpu(runs.wardenToken)} (oidc-provider ÷ Warden = ${fmt2(cpuRatio(runs.oidcToken, runs.wardenToken))}×). ` +
      `${cpus().length} CPUs shared by the servers and the load generator, which takes about one of them. ` +
      `Load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}.`,
  ];
  if (CFG.profile) notes.push('PROFILED RUN: each measured run had the V8 sampling profiler on inside its server; figures are not comparable with normal runs.');

  console.log('');
  console.log(table(rows, ['benchmark', 'ours', 'p50 ms', 'p99 ms', 'baseline', 'baseline figure', 'ratio', 'target', 'pass/fail']));
  console.log('');
  for (const n of notes) console.log(`* ${n}`);

  const summaries = [];
  for (const p of profiles) {
    const summary = summarize(JSON.parse(readFileSync(p.file, 'utf8')), { top: 25 });
    summaries.push({ ...p, summary });
    console.log('');
    console.log(formatSummary(summary, { label: `CPU profile ${p.title} → ${p.file}`, requests: p.requests }));
  }

  const pick = (list) => ({
    reqPerSec: rps(list), serverCpuUsPerRequest: cpuOf(list),
    rounds: list.map((r) => ({ reqPerSec: r.reqPerSec.mean, p50: r.fineLatencyMs.p50, p99: r.fineLatencyMs.p99, serverCpuUsPerRequest: r.serverCpuUsPerRequest, raw: r })),
  });
  const results = {
    ...machineFacts(),
    config: CFG,
    versions,
    store: store.label,
    targets: TARGETS,
    loadAverage: { start: loadStart, end: loadavg() },
    tokens: {
      warden: { header: wardenToken.header, claims: Object.keys(wardenToken.claims), bytes: wardenToken.bytes },
      oidcProvider: { header: oidcToken.header, claims: Object.keys(oidcToken.claims), bytes: oidcToken.bytes },
    },
    issuance: { oidcProvider: pick(runs.oidcToken), warden: pick(runs.wardenToken), ratio: tokenRatio, roundRatios: tokenRatios, pass: judged.tokenPass, cpuPerRequestRatio: cpuRatio(runs.oidcToken, runs.wardenToken) },
    tables: [{
      id: 'P2', title: `P2, client-credentials issuance: Warden POST /oauth/token vs oidc-provider ${versions.oidcProvider} POST /token, ${CFG.connections} connections — ≥ ${TARGETS.tokenRatio}×`,
      pass: judged.tokenPass,
      rows: [
        ...runs.wardenToken.map((r, i) => ({
          run: `round ${i + 1}`, 'Warden req/s': fmtInt(r.reqPerSec.mean), 'oidc-provider req/s': fmtInt(runs.oidcToken[i].reqPerSec.mean), ratio: fmt2(tokenRatios[i]),
          'Warden CPU µs/req': fmt0(r.serverCpuUsPerRequest), 'oidc-provider CPU µs/req': fmt0(runs.oidcToken[i].serverCpuUsPerRequest),
        })),
        { run: 'median (judged)', 'Warden req/s': fmtInt(rps(runs.wardenToken)), 'oidc-provider req/s': fmtInt(rps(runs.oidcToken)), ratio: fmt2(tokenRatio),
          'Warden CPU µs/req': fmt0(cpuOf(runs.wardenToken)), 'oidc-provider CPU µs/req': fmt0(cpuOf(runs.oidcToken)) },
      ],
    }],
    verdicts: [{ target: 'P2 client-credentials issuance', ours: `${fmt2(tokenRatio)}×`, baseline: `oidc-provider ${versions.oidcProvider}, same round`, goal: `≥ ${TARGETS.tokenRatio}×`, pass: judged.tokenPass }],
    profiles: summaries,
    rows,
    notes,
    elapsedSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'oauth-latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('');
  console.log(targetTable(results.tables[0]));
  console.log('');
  console.log(`Results: bench/results/oauth-latest.json (${results.elapsedSeconds.toFixed(0)} s). PASS/FAIL is informational; exit code 0.`);
}

let store;

main().then(
  () => process.exit(0),
  async (error) => {
    if (isSignalled()) return;
    process.stderr.write(`\nbench:oauth FAILED: ${error?.stack ?? error}\n`);
    await stopAll().catch(() => {});
    await store?.cleanup();
    process.exit(1);
  },
);
