// Aggregates a V8 .cpuprofile by self time: per function (+ file:line) and per file/package.
//   node bench/profile-summary.mjs bench/results/warden-123-v1-me.cpuprofile [--top 25] [--requests N]
//   node bench/profile-summary.mjs <file> --under 'authenticate@auth-hook'   (what runs beneath a function)
// With --requests N (requests served while profiling) it also prints CPU µs per request.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function shortUrl(url) {
  if (!url) return '';
  let u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) return u.slice(nm + 1);
  const dist = u.indexOf('/dist/');
  if (dist >= 0) return u.slice(dist + 1);
  const bench = u.indexOf('/bench/');
  if (bench >= 0) return u.slice(bench + 1);
  return u;
}

/** The package (node_modules/x or @scope/x), `warden dist/<dir>`, `node:<module>` or the special bucket. */
function groupOf(name, url) {
  if (SPECIAL.has(name)) return name;
  if (!url) return '(native / V8 builtins)';
  const s = shortUrl(url);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(s);
  if (m) return m[1];
  if (s.startsWith('dist/')) return `warden ${s.split('/').slice(0, -1).join('/') || 'dist'}`;
  if (s.startsWith('node:')) return `node:${s.slice(5).split('/').slice(0, 2).join('/')}`;
  return s;
}

export function summarize(profile, { top = 25 } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  // Duration of sample i = time until sample i+1 (DevTools' convention); the last gets the mean.
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? Math.max(0, timeDeltas[i + 1]) : (profile.endTime - profile.startTime) / Math.max(1, samples.length);
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt);
    total += dt;
  }
  // Inclusive (total) time: every distinct function on the sampled stack gets the sample's time.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    return `${functionName || '(anonymous)'}\u0000${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
  };
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = keyOf(cur);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const byFn = new Map();
  const byGroup = new Map();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const name = functionName || '(anonymous)';
    if (name === '(idle)') idle += us;
    const key = `${name}\u0000${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const g = groupOf(name, url);
    byGroup.set(g, (byGroup.get(g) ?? 0) + us);
  }
  const busy = total - idle;
  const rows = (map) => [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([key, us]) => {
      const [fn, where = ''] = key.split('\u0000');
      return { function: fn, where, selfMs: us / 1000, pctBusy: busy > 0 && fn !== '(idle)' ? (100 * us) / busy : null, pctTotal: (100 * us) / total };
    });
  return {
    totalMs: total / 1000,
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    samples: samples.length,
    topFunctions: rows(byFn).filter((r) => r.function !== '(idle)').slice(0, top),
    byGroup: rows(byGroup).filter((r) => r.function !== '(idle)').slice(0, top),
    // Inclusive time of the application's own code and of the hooks/plugins that run per request.
    inclusiveOwnCode: rows(inclusive).filter((r) => r.where.startsWith('dist/') || r.where.startsWith('bench/')).slice(0, top),
    inclusiveAll: rows(inclusive).filter((r) => !SPECIAL.has(r.function) && r.function !== '(idle)').slice(0, top * 2),
  };
}

/**
 * Self time of everything that ran beneath functions named `name` (optionally `name@file-part`),
 * grouped by function: "what does this hook spend its time on".
 */
export function drillDown(profile, name, { top = 20 } = {}) {
  const [fnName, filePart] = name.split('@');
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const { samples = [], timeDeltas = [] } = profile;
  const selfUs = new Map();
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? Math.max(0, timeDeltas[i + 1]) : 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + dt);
  }
  const matches = (n) => (n.callFrame.functionName || '(anonymous)') === fnName && (!filePart || n.callFrame.url.includes(filePart));
  const acc = new Map();
  let total = 0;
  const walk = (id, inside) => {
    const n = nodes.get(id);
    const now = inside || matches(n);
    if (now) {
      const us = selfUs.get(id) ?? 0;
      if (us > 0) {
        const k = `${n.callFrame.functionName || '(anonymous)'}  (${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''})`;
        acc.set(k, (acc.get(k) ?? 0) + us);
        total += us;
      }
    }
    for (const c of n.children ?? []) walk(c, now);
  };
  walk(profile.nodes[0].id, false);
  return { totalMs: total / 1000, rows: [...acc.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => ({ function: k, selfMs: us / 1000, pct: (100 * us) / Math.max(1, total) })) };
}

export function formatSummary(s, { label = 'profile', requests } = {}) {
  const out = [];
  const perReq = requests ? `, ${((s.busyMs * 1000) / requests).toFixed(1)} µs CPU/request over ${requests.toLocaleString('en-US')} requests` : '';
  out.push(`${label}: ${s.totalMs.toFixed(0)} ms profiled, busy ${s.busyMs.toFixed(0)} ms (${((100 * s.busyMs) / s.totalMs).toFixed(1)}%)${perReq}`);
  const fmt = (r, i) => `  ${String(i + 1).padStart(2)}. ${r.pctBusy.toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(1).padStart(8)} ms  ${r.function}${r.where ? `  (${r.where})` : ''}`;
  out.push('  top self time by function (% of busy time):');
  s.topFunctions.forEach((r, i) => out.push(fmt(r, i)));
  out.push('  self time by package / file group (% of busy time):');
  s.byGroup.slice(0, 15).forEach((r, i) => out.push(fmt(r, i)));
  if (s.inclusiveOwnCode.length) {
    out.push('  inclusive (self + callees) time of the service\'s own functions (% of busy time; an onRequest hook that');
    out.push('  calls done() synchronously also "contains" the hooks, handler and serialisation that run after it):');
    s.inclusiveOwnCode.slice(0, 15).forEach((r, i) => out.push(fmt(r, i)));
  }
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const files = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
  const opt = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : undefined; };
  if (files.length === 0) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile>... [--top N] [--requests N]');
    process.exit(2);
  }
  const under = args.includes('--under') ? args[args.indexOf('--under') + 1] : undefined;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    if (under) {
      const d = drillDown(profile, under, { top: opt('top') ?? 20 });
      console.log(`${file}: ${d.totalMs.toFixed(1)} ms under ${under}`);
      for (const r of d.rows) console.log(`  ${r.pct.toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(1).padStart(8)} ms  ${r.function}`);
      continue;
    }
    const s = summarize(profile, { top: opt('top') ?? 25 });
    console.log(formatSummary(s, { label: file, requests: opt('requests') }));
  }
}
