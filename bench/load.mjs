// One autocannon run in its own process. Options: { url, method, headers, body, connections, duration,
// pipelining, overallRate, title, fineLatency } (overallRate: cap on requests/s over all connections) (fineLatency: also record each 2xx response's hrtime duration → exact percentiles),
// as an IPC message {cmd:'run', opts} when forked by bench/run.mjs (keeps the API key out of `ps`),
// or as JSON in argv[2] when run by hand. Result (JSON): over IPC when forked, else on stdout.
import autocannon from 'autocannon';

const opts = process.argv[2]
  ? JSON.parse(process.argv[2])
  : process.send
    ? await new Promise((resolve) => process.once('message', (msg) => resolve(msg?.opts ?? {})))
    : {};
if (!opts.url) {
  console.error('usage: node bench/load.mjs \'{"url":"http://127.0.0.1:PORT/","connections":50,"duration":10}\'');
  process.exit(2);
}

const instance = autocannon({
  url: opts.url,
  method: opts.method ?? 'GET',
  headers: opts.headers ?? {},
  ...(opts.body !== undefined ? { body: opts.body } : {}),
  ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
  connections: opts.connections ?? 50,
  duration: opts.duration ?? 10,
  pipelining: opts.pipelining ?? 1,
  title: opts.title,
});
// autocannon's latency histogram stores whole milliseconds; keep the exact durations as well.
const durations = [];
if (opts.fineLatency) {
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) durations.push(responseTime);
  });
}
process.once('SIGTERM', () => instance.stop());
process.once('SIGINT', () => instance.stop());
process.on('disconnect', () => { instance.stop(); process.exit(1); });

const r = await instance;

/** Nearest-rank percentiles (ms, float) of the recorded durations. */
function exactPercentiles(xs) {
  if (xs.length === 0) return null;
  const sorted = Float64Array.from(xs).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    count: sorted.length, mean: sum / sorted.length, min: sorted[0],
    p50: at(50), p90: at(90), p99: at(99), p99_9: at(99.9), max: sorted[sorted.length - 1],
  };
}
const summary = {
  title: opts.title ?? null,
  url: opts.url,
  connections: r.connections,
  pipelining: r.pipelining,
  duration: r.duration,
  reqPerSec: { mean: r.requests.average, stddev: r.requests.stddev, min: r.requests.min, max: r.requests.max },
  latencyMs: {
    mean: r.latency.average, stddev: r.latency.stddev, p50: r.latency.p50, p90: r.latency.p90,
    p97_5: r.latency.p97_5, p99: r.latency.p99, p99_9: r.latency.p99_9, max: r.latency.max,
  },
  fineLatencyMs: opts.fineLatency ? exactPercentiles(durations) : null,
  totalRequests: r.requests.total,
  '2xx': r['2xx'],
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  resets: r.resets,
  statusCodeStats: r.statusCodeStats,
  throughputBytesPerSec: r.throughput.average,
};
if (process.send) process.send({ event: 'result', result: summary }, () => process.exit(0));
else process.stdout.write(JSON.stringify(summary) + '\n');
