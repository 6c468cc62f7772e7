// Output helpers shared by the bench scripts: number formats, medians, Markdown tables, the
// per-run log line and the machine facts recorded with every result.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { ROOT } from './config.mjs';

const finite = (n) => n != null && Number.isFinite(n);
export const fmtInt = (n) => (finite(n) ? Math.round(n).toLocaleString('en-US') : '—');
export const fmt0 = (n) => (finite(n) ? n.toFixed(0) : '—');
export const fmt1 = (n) => (finite(n) ? n.toFixed(1) : '—');
export const fmt2 = (n) => (finite(n) ? n.toFixed(2) : '—');

export function median(values) {
  const sorted = values.filter(finite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One stderr line per measured run. */
export function runSummaryLine(title, r) {
  const lat = r.fineLatencyMs
    ? `p50 ${fmt2(r.fineLatencyMs.p50)} ms, p99 ${fmt2(r.fineLatencyMs.p99)} ms`
    : `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`;
  const db = r.dbCpuUsPerRequest != null ? ` incl. PostgreSQL backends ${fmt1(r.dbCpuUsPerRequest)} µs` : '';
  return `${title}: ${fmtInt(r.reqPerSec.mean)} req/s, ${lat}, ${r.totalRequests.toLocaleString('en-US')} requests, all 2xx` +
    (r.serverCpuUsPerRequest != null ? `, server CPU ${fmt1(r.serverCpuUsPerRequest)} µs/req${db} (${fmt0(100 * r.serverCpuUtilisation)}% of a core)` : '');
}

const isNumeric = (v) => /^[-+]?[\d,.]+( \(.*\))?$/.test(v) || v === '—';

/** A Markdown table of `rows` (objects) over `cols` (default: the first row's keys); numbers right-aligned. */
export function table(rows, cols = Object.keys(rows[0] ?? {})) {
  const cells = rows.map((r) => cols.map((c) => String(r[c] ?? '—')));
  const numeric = cols.map((_, i) => cells.length > 0 && cells.every((row) => isNumeric(row[i])));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals) => '| ' + vals.map((v, i) => (numeric[i] ? v.padStart(width[i]) : v.padEnd(width[i]))).join(' | ') + ' |';
  return [line(cols), '|' + width.map((w, i) => (numeric[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|', ...cells.map(line)].join('\n');
}

/** `### title` (with PASS/FAIL when judged) above its table. */
export function targetTable({ title, rows, pass }) {
  const head = title ? `### ${title}${pass === undefined ? '' : ` — ${pass ? 'PASS' : 'FAIL'}`}\n\n` : '';
  return head + table(rows);
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
