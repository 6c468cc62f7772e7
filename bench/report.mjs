// Output: the per-run log line, the results table and notes on stdout, CPU-profile summaries,
// and bench/results/latest.json.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { CFG, TARGETS, ROOT, RESULTS_DIR } from './config.mjs';
import { summarize, formatSummary } from './profile-summary.mjs';

export const fmtInt = (n) => (n == null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US'));
const fmtMs = (n) => (n == null || !Number.isFinite(n) ? '—' : (Number.isInteger(n) ? String(n) : n.toFixed(1)));
const fmtMsFine = (n) => (n == null || !Number.isFinite(n) ? '—' : n.toFixed(2));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Each Warden target's baseline (for ratios and paired ratios). */
const BASELINE_OF = { me: 'hello', healthz: 'hello', meLat: 'helloLat' };

/** One stderr line per measured run. */
export function runSummaryLine(title, r) {
  const lat = r.fineLatencyMs
    ? `p50 ${fmtMsFine(r.fineLatencyMs.p50)} ms, p99 ${fmtMsFine(r.fineLatencyMs.p99)} ms, p99.9 ${fmtMsFine(r.fineLatencyMs.p99_9)} ms`
    : `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`;
  return `${title}: ${fmtInt(r.reqPerSec.mean)} req/s, ${lat}, ` +
    `${r.totalRequests.toLocaleString('en-US')} requests, non2xx ${r.non2xx}` +
    (r.serverCpuUsPerRequest != null ? `, server CPU ${r.serverCpuUsPerRequest.toFixed(0)} µs/req (${(100 * r.serverCpuUtilisation).toFixed(0)}% of a core)` : '');
}

const DEFAULT_COLUMNS = ['benchmark', 'ours', 'p50 ms', 'p99 ms', 'p99.9 ms', 'baseline', 'baseline figure', 'ratio', 'target', 'pass/fail'];
const NUMERIC = new Set(['ours', 'p50 ms', 'p99 ms', 'p99.9 ms', 'baseline figure', 'ratio']);

/** A Markdown table of `rows` over `cols` (numbers right-aligned). */
export function table(rows, cols = DEFAULT_COLUMNS) {
  const cells = rows.map((r) => cols.map((c) => String(r[c] ?? '—')));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals) => '| ' + vals.map((v, i) => (NUMERIC.has(cols[i]) ? v.padStart(width[i]) : v.padEnd(width[i]))).join(' | ') + ' |';
  return [line(cols), '|' + width.map((w, i) => (NUMERIC.has(cols[i]) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|', ...cells.map(line)].join('\n');
}

/** Means over runs. Latency runs take their percentiles from the exact (hrtime) durations. */
function aggregate(runs) {
  const lat = (r) => r.fineLatencyMs ?? r.latencyMs;
  return {
    runs: runs.length,
    reqPerSec: mean(runs.map((r) => r.reqPerSec.mean)),
    p50: mean(runs.map((r) => lat(r).p50)),
    p99: mean(runs.map((r) => lat(r).p99)),
    p99_9: mean(runs.map((r) => lat(r).p99_9)),
    latencyMean: mean(runs.map((r) => lat(r).mean)),
    autocannonP99: mean(runs.map((r) => r.latencyMs.p99)),
    totalRequests: runs.reduce((a, r) => a + r.totalRequests, 0),
    serverCpuUsPerRequest: runs.every((r) => r.serverCpuUsPerRequest != null) ? mean(runs.map((r) => r.serverCpuUsPerRequest)) : null,
  };
}

/** When, on which commit and machine a result was measured. */
export function machineFacts() {
  return { timestamp: new Date().toISOString(), commit: gitCommit(), node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null };
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Each Warden run against the baseline run just before it (same background noise). */
function pairedRatios(sequence, runs) {
  const nth = (name, upTo) => sequence.slice(0, upTo + 1).filter((n) => n === name).length - 1;
  return sequence
    .map((name, i) => (BASELINE_OF[name] && sequence[i - 1] === BASELINE_OF[name] ? { name, i } : null))
    .filter(Boolean)
    .map(({ name, i }) => ({ name, ratio: runs[name][nth(name, i)].reqPerSec.mean / runs[BASELINE_OF[name]][nth(BASELINE_OF[name], i - 1)].reqPerSec.mean }));
}

function buildRows(a, inproc, judged) {
  const L = CFG.latency;
  const helloLabel = `bare Fastify GET / (req/s)`;
  const helloLatLabel = `bare Fastify GET / latency run (req/s)`;
  const conns = plural(L.connections, 'connection');
  const ms = (x, f) => ({ 'p50 ms': f(x.p50), 'p99 ms': f(x.p99), 'p99.9 ms': f(x.p99_9) });
  return [
    { benchmark: 'bare Fastify GET / (req/s)', ours: fmtInt(a.hello.reqPerSec), ...ms(a.hello, fmtMs), baseline: '(this is the baseline)', 'baseline figure': '—', ratio: '1.00', target: 'reference', 'pass/fail': '—' },
    { benchmark: 'Warden GET /v1/me, API key (req/s)', ours: fmtInt(a.me.reqPerSec), ...ms(a.me, fmtMs), baseline: helloLabel, 'baseline figure': fmtInt(a.hello.reqPerSec), ratio: judged.meRatio.toFixed(2), target: `≥ ${TARGETS.meRatio}×`, 'pass/fail': judged.meRatioPass ? 'PASS' : 'FAIL' },
    { benchmark: 'Warden GET /healthz, no auth (req/s)', ours: fmtInt(a.healthz.reqPerSec), ...ms(a.healthz, fmtMs), baseline: helloLabel, 'baseline figure': fmtInt(a.hello.reqPerSec), ratio: judged.hzRatio.toFixed(2), target: 'reference', 'pass/fail': '—' },
    { benchmark: `bare Fastify GET / latency run, ${conns} (req/s)`, ours: fmtInt(a.helloLat.reqPerSec), ...ms(a.helloLat, fmtMsFine), baseline: '(this is the baseline)', 'baseline figure': '—', ratio: '1.00', target: 'reference', 'pass/fail': '—' },
    { benchmark: `Warden GET /v1/me, API key, latency run, ${conns} (req/s)`, ours: fmtInt(a.meLat.reqPerSec), ...ms(a.meLat, fmtMsFine), baseline: helloLatLabel, 'baseline figure': fmtInt(a.helloLat.reqPerSec), ratio: judged.meLatRatio.toFixed(2), target: `p99 ≤ ${TARGETS.meP99Ms} ms`, 'pass/fail': judged.meP99Pass ? 'PASS' : 'FAIL' },
    { benchmark: 'KeyVerifier.verify() cached, in-process (ops/s)', ours: fmtInt(inproc.verify.opsPerSec), 'p50 ms': '—', 'p99 ms': '—', 'p99.9 ms': '—', baseline: "createHash('sha256') hex (ops/s)", 'baseline figure': fmtInt(inproc.sha256.opsPerSec), ratio: judged.verifyRatio.toFixed(2), target: `≥ ${fmtInt(TARGETS.verifyOpsPerSec)} ops/s`, 'pass/fail': judged.verifyPass ? 'PASS' : 'FAIL' },
  ];
}

function buildNotes(a, sequence, loadStart, storeLabel) {
  const L = CFG.latency;
  const notes = [];
  const order = (names) => sequence.filter((n) => names.includes(n)).map((n) => n.replace(/Lat$/, '')).join(' → ');
  notes.push(`HTTP: ${CFG.connections} connections, pipelining ${CFG.pipelining}, ${CFG.durationS}s measured after ${CFG.warmupS}s warm-up; order ${order(['hello', 'me', 'healthz'])}; ` +
    `req/s = mean of per-second samples (averaged over runs: hello ${a.hello.runs}, /v1/me ${a.me.runs}, /healthz ${a.healthz.runs}); latency from autocannon (1 ms resolution).`);
  notes.push(`Latency run (judges p99 ≤ ${TARGETS.meP99Ms} ms): the same servers at ${plural(L.connections, 'connection')}, pipelining ${CFG.pipelining}, ${L.durationS}s measured after ${L.warmupS}s warm-up, ` +
    `after the throughput runs; order ${order(['helloLat', 'meLat'])}. p50/p99/p99.9 are exact nearest-rank percentiles of every response's duration ` +
    `(process.hrtime in the load process, so they include the load generator's own time, the same for both servers); ` +
    `autocannon's own histogram truncates to whole ms (its p99: bare ${fmtMs(a.helloLat.autocannonP99)} ms, /v1/me ${fmtMs(a.meLat.autocannonP99)} ms). ` +
    `Warden adds ${fmtMsFine(a.meLat.p50 - a.helloLat.p50)} ms at p50 and ${fmtMsFine(a.meLat.p99 - a.helloLat.p99)} ms at p99 over bare Fastify ` +
    `(mean ${fmtMsFine(a.meLat.latencyMean)} vs ${fmtMsFine(a.helloLat.latencyMean)} ms).`);
  notes.push(`Warden: one process, WARDEN_ENV=production, TRUSTED_PROXIES=127.0.0.1, silent logs, store: ${storeLabel}; requests carry X-Forwarded-Proto: https. ` +
    `Hello gets the same headers. ${cpus().length} CPUs shared by server and load generator.`);
  if (a.hello.serverCpuUsPerRequest != null) {
    const c = (x, base) => `${x.serverCpuUsPerRequest.toFixed(0)} µs (${(x.serverCpuUsPerRequest / base.serverCpuUsPerRequest).toFixed(2)}×)`;
    const lat = a.helloLat.serverCpuUsPerRequest != null && a.meLat.serverCpuUsPerRequest != null
      ? `; latency run: bare Fastify ${a.helloLat.serverCpuUsPerRequest.toFixed(0)} µs, /v1/me ${c(a.meLat, a.helloLat)}` : '';
    notes.push(`Server CPU per request (utime+stime / requests; steadier than req/s when the machine is busy): bare Fastify ${a.hello.serverCpuUsPerRequest.toFixed(0)} µs, ` +
      `/v1/me ${c(a.me, a.hello)}, /healthz ${c(a.healthz, a.hello)}${lat}. Load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}.`);
  }
  if (a.hello.p99 > TARGETS.meP99Ms) notes.push(`Bare Fastify's own p99 is ${fmtMs(a.hello.p99)} ms at ${CFG.connections} connections on this machine, so p99 ≤ ${TARGETS.meP99Ms} ms is out of reach for any server here (Little's law: ${CFG.connections} in flight / ${fmtInt(a.hello.reqPerSec)} req/s ≈ ${((1000 * CFG.connections) / a.hello.reqPerSec).toFixed(1)} ms mean); the p99 target is therefore judged on the latency run.`);
  if (a.helloLat.p99 > TARGETS.meP99Ms) notes.push(`Bare Fastify's own p99 in the latency run is ${fmtMsFine(a.helloLat.p99)} ms, above the ${TARGETS.meP99Ms} ms target by itself: the machine is too busy (see load average) for the latency row to judge Warden.`);
  if (CFG.profile) notes.push('PROFILED RUN: the first measured throughput run of each target had the V8 sampling profiler on; figures are not comparable with normal runs.');
  return notes;
}

/** Prints the table, notes and profile summaries, and writes bench/results/latest.json. */
export function report({ started, loadStart, runs, sequence, profiles, inproc, storeLabel }) {
  const a = Object.fromEntries(Object.entries(runs).map(([name, rs]) => [name, aggregate(rs)]));
  const judged = {
    meRatio: a.me.reqPerSec / a.hello.reqPerSec,
    hzRatio: a.healthz.reqPerSec / a.hello.reqPerSec,
    meLatRatio: a.meLat.reqPerSec / a.helloLat.reqPerSec,
    verifyRatio: inproc.verify.opsPerSec / inproc.sha256.opsPerSec,
  };
  judged.meRatioPass = judged.meRatio >= TARGETS.meRatio;
  judged.meP99Pass = a.meLat.p99 <= TARGETS.meP99Ms;
  judged.verifyPass = inproc.verify.opsPerSec >= TARGETS.verifyOpsPerSec;
  const rows = buildRows(a, inproc, judged);
  const notes = buildNotes(a, sequence, loadStart, storeLabel);

  console.log('');
  console.log(table(rows));
  console.log('');
  for (const n of notes) console.log(`* ${n}`);

  const profileSummaries = [];
  for (const p of profiles) {
    const s = summarize(JSON.parse(readFileSync(p.file, 'utf8')), { top: 25 });
    profileSummaries.push({ ...p, busyUsPerRequest: (s.busyMs * 1000) / p.requests, summary: s });
    console.log('');
    console.log(formatSummary(s, { label: `CPU profile ${p.name} → ${p.file}`, requests: p.requests }));
  }

  const results = {
    ...machineFacts(),
    config: CFG,
    store: storeLabel,
    targets: TARGETS,
    loadAverage: { start: loadStart, end: loadavg() },
    http: {
      sequence,
      hello: { ...a.hello, raw: runs.hello },
      me: { ...a.me, ratio: judged.meRatio, pass: judged.meRatioPass, raw: runs.me },
      healthz: { ...a.healthz, ratio: judged.hzRatio, raw: runs.healthz },
      latency: {
        connections: CFG.latency.connections,
        hello: { ...a.helloLat, raw: runs.helloLat },
        me: { ...a.meLat, ratio: judged.meLatRatio, p99Pass: judged.meP99Pass, raw: runs.meLat },
      },
      pairedRatios: pairedRatios(sequence, runs),
    },
    inProcess: {
      verifyOpsPerSec: inproc.verify.opsPerSec,
      sha256OpsPerSec: inproc.sha256.opsPerSec,
      ratio: judged.verifyRatio,
      pass: judged.verifyPass,
      raw: inproc,
    },
    profiles: profileSummaries,
    rows,
    notes,
    elapsedSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('');
  console.log(`Results: bench/results/latest.json (${results.elapsedSeconds.toFixed(0)} s). PASS/FAIL is informational; exit code 0.`);
}
