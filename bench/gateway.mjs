// Warden gateway benchmark (`npm run bench:gateway` = build + this file), not a test. Side by side
// in one run, one upstream (bench/upstream-server.mjs, a bare Node HTTP server), BENCH_CONNECTIONS:
//  - direct to the upstream (the limit);
//  - nginx with auth_request to Warden's decision endpoint (/v1/decisions), then proxy_pass — when
//    `nginx` is on PATH (Debian: `apt-get install -y nginx-light`; the run says so when skipped).
//    Its CPU per request counts nginx and Warden's decisions together;
//  - Warden's gateway with request audit on (the default) and off.
// Then added latency over direct at 1 connection (p50, exact). Server CPU per request for each.
// Figures are printed and written to bench/results/gateway-latest.json. BENCH_PROFILE=1 CPU-profiles
// the two gateway runs inside Warden and prints where the time goes (figures then not comparable).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { CFG, RESULTS_DIR } from './config.mjs';
import { installCleanupHandlers, makeTempDataDir, stopAll } from './children.mjs';
import { startServer, startWarden, createApiKey } from './servers.mjs';
import { cpuMicros, profiled, runLoad } from './measure.mjs';
import { formatSummary, summarize } from './profile-summary.mjs';

installCleanupHandlers();
const log = (s) => process.stderr.write(`[bench:gateway] ${s}\n`);
const FORWARDED = { 'x-forwarded-proto': 'https' };

function hasNginx() {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}


/** A free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** nginx in one process (no master, no daemon): auth_request to Warden's decision endpoint, then proxy_pass. */
async function startNginx(wardenPort, upstreamPort) {
  const dir = makeTempDataDir('warden-bench-nginx-');
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `worker_processes 1; master_process off; daemon off;
pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream warden { server 127.0.0.1:${wardenPort}; keepalive 64; }
  upstream app { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location = /_warden {
      internal;
      proxy_pass http://warden/v1/decisions;
      proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_pass_request_body off; proxy_set_header Content-Length "";
      proxy_set_header X-Original-Method $request_method; proxy_set_header X-Original-URI $request_uri;
      proxy_set_header X-Forwarded-Proto https;
    }
    location / {
      auth_request /_warden;
      auth_request_set $warden_principal $upstream_http_x_warden_principal_id;
      proxy_set_header X-Warden-Principal-Id $warden_principal;
      proxy_set_header Authorization "";
      proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_pass http://app;
    }
  }
}
`);
  const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid, port, stop: () => child.kill('SIGTERM') };
}

async function main() {
  const upstream = await startServer('upstream-server.mjs', 'upstream', { ...process.env, NODE_ENV: 'production' });
  const upstreamUrl = `http://127.0.0.1:${upstream.port}`;
  const routesDir = makeTempDataDir('warden-bench-routes-');
  const routesFile = join(routesDir, 'routes.yaml');
  writeFileSync(routesFile, `upstreams:\n  live: ${upstreamUrl}\n  test: ${upstreamUrl}\nroutes:\n  - match: GET /bench/**\n    scopes: [api-keys:read]\n`);
  const gatewayEnv = { WARDEN_GATEWAY_CONFIG: routesFile };
  const wardenOn = await startWarden(makeTempDataDir('warden-bench-gw-on-'), undefined, gatewayEnv);
  const wardenOff = await startWarden(makeTempDataDir('warden-bench-gw-off-'), undefined, { ...gatewayEnv, WARDEN_AUDIT_REQUESTS: 'off' });
  const keyOn = await createApiKey(`http://127.0.0.1:${wardenOn.port}`);
  const keyOff = await createApiKey(`http://127.0.0.1:${wardenOff.port}`);
  const through = (server, key) => ({ url: `http://127.0.0.1:${server.port}/bench/deals`, headers: { ...FORWARDED, authorization: `Bearer ${key}` } });

  const rows = [];
  const profiles = [];
  const measure = async (title, target, server, connections, fineLatency = false, profile = false) => {
    await runLoad({ title: `${title} (warm-up)`, ...target, server, connections, durationS: CFG.warmupS });
    const label = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const { result: r, profileFile } = profile
      ? await profiled(server, label, () => runLoad({ title, ...target, server, connections, durationS: CFG.durationS, fineLatency }))
      : { result: await runLoad({ title, ...target, server, connections, durationS: CFG.durationS, fineLatency }), profileFile: null };
    if (profileFile) profiles.push({ title, file: profileFile, requests: r.totalRequests });
    rows.push({ title, connections, reqPerSec: r.reqPerSec.mean, p50: r.fineLatencyMs?.p50 ?? r.latencyMs.p50, p99: r.fineLatencyMs?.p99 ?? r.latencyMs.p99, cpuUs: r.serverCpuUsPerRequest });
    log(`${title}: ${Math.round(r.reqPerSec.mean)} req/s`);
    return r;
  };

  const direct = await measure('direct to upstream', { url: `${upstreamUrl}/bench/deals` }, upstream, CFG.connections);
  let viaNginx = null;
  let nginxSplit = null;
  if (hasNginx()) {
    // A Warden of its own (audit on): the gateway's run must not pay for flushing these decisions' events.
    const wardenDecisions = await startWarden(makeTempDataDir('warden-bench-decisions-'), undefined, gatewayEnv);
    const keyDecisions = await createApiKey(`http://127.0.0.1:${wardenDecisions.port}`);
    const nginx = await startNginx(wardenDecisions.port, upstream.port);
    try {
      const title = 'nginx + auth_request to Warden';
      const target = through(nginx, keyDecisions);
      await runLoad({ title: `${title} (warm-up)`, ...target, server: nginx, connections: CFG.connections, durationS: CFG.warmupS });
      const wardenCpuBefore = cpuMicros(wardenDecisions.pid);
      viaNginx = await runLoad({ title, ...target, server: nginx, connections: CFG.connections, durationS: CFG.durationS });
      // The set-up's CPU per request: nginx's and Warden's (its decisions) together.
      const wardenUs = (cpuMicros(wardenDecisions.pid) - wardenCpuBefore) / viaNginx.totalRequests;
      rows.push({ title, connections: CFG.connections, reqPerSec: viaNginx.reqPerSec.mean, p50: viaNginx.latencyMs.p50, p99: viaNginx.latencyMs.p99, cpuUs: (viaNginx.serverCpuUsPerRequest ?? 0) + wardenUs });
      nginxSplit = { nginxUs: viaNginx.serverCpuUsPerRequest ?? NaN, wardenUs };
      log(`${title}: ${Math.round(viaNginx.reqPerSec.mean)} req/s`);
    } finally {
      nginx.stop();
      // Stopped (its events flushed) before the gateway runs, so it takes no CPU from them.
      wardenDecisions.send({ cmd: 'shutdown' });
      await wardenDecisions.exited;
    }
  } else log('nginx + auth_request: skipped (nginx is not on PATH: apt-get install -y nginx-light)');
  const on = await measure('Warden gateway, audit on', through(wardenOn, keyOn), wardenOn, CFG.connections, false, CFG.profile);
  const off = await measure('Warden gateway, audit off', through(wardenOff, keyOff), wardenOff, CFG.connections, false, CFG.profile);
  const directOne = await measure('direct, 1 connection', { url: `${upstreamUrl}/bench/deals` }, upstream, 1, true);
  const gatewayOne = await measure('Warden gateway, 1 connection', through(wardenOn, keyOn), wardenOn, 1, true);

  const addedP50 = (gatewayOne.fineLatencyMs?.p50 ?? NaN) - (directOne.fineLatencyMs?.p50 ?? NaN);
  const lines = ['', '| run | connections | req/s | p50 ms | p99 ms | server CPU µs/req |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.title} | ${r.connections} | ${Math.round(r.reqPerSec)} | ${r.p50?.toFixed?.(3) ?? '—'} | ${r.p99?.toFixed?.(3) ?? '—'} | ${r.cpuUs ? r.cpuUs.toFixed(1) : '—'} |`);
  lines.push('', `gateway / direct throughput: ${(on.reqPerSec.mean / direct.reqPerSec.mean).toFixed(2)} (audit off: ${(off.reqPerSec.mean / direct.reqPerSec.mean).toFixed(2)})`);
  lines.push(`added latency over direct at 1 connection, p50: ${addedP50.toFixed(3)} ms (target ≤ 0.5 ms)`);
  lines.push(viaNginx
    ? `gateway (audit on) / nginx + auth_request throughput: ${(on.reqPerSec.mean / viaNginx.reqPerSec.mean).toFixed(2)} (target ≥ 1.5)\n` +
      `nginx + auth_request CPU per request: nginx ${nginxSplit.nginxUs.toFixed(1)} µs + Warden's decision ${nginxSplit.wardenUs.toFixed(1)} µs; ` +
      `at equal CPU the gateway (audit on) does ${(rows.find((r) => r.title.startsWith('nginx')).cpuUs / on.serverCpuUsPerRequest).toFixed(2)}× its requests`
    : 'nginx + auth_request: not measured in this run (target: gateway ≥ 1.5× its throughput)', '');
  // BENCH_PROFILE=1: where the gateway's CPU goes (the profiler slows it; figures not comparable).
  for (const p of profiles) lines.push(formatSummary(summarize(JSON.parse(readFileSync(p.file, 'utf8'))), { label: `${p.title} (${p.file})`, requests: p.requests }), '');
  process.stdout.write(lines.join('\n'));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'gateway-latest.json'), JSON.stringify({ at: new Date().toISOString(), rows, nginxSplit, addedP50Ms: addedP50 }, null, 2));
}

main().then(
  async () => { await stopAll(); process.exit(0); },
  async (error) => { process.stderr.write(`bench:gateway failed: ${error.stack ?? error}\n`); await stopAll(); process.exit(1); },
);
