import { readFileSync } from 'node:fs';
function selfTimes(file) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const counts = new Map();
  const dts = p.timeDeltas; let total = 0;
  p.samples.forEach((id, i) => { const n = byId.get(id); const f = n.callFrame; const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`; const dt = dts[i + 1] ?? 0; counts.set(key, (counts.get(key) ?? 0) + dt); total += dt; });
  return counts;
}
const [a, na, b, nb] = process.argv.slice(2);
const A = selfTimes(a), B = selfTimes(b);
const keys = new Set([...A.keys(), ...B.keys()]);
const rows = [...keys].map((k) => [k, (A.get(k) ?? 0) / Number(na), (B.get(k) ?? 0) / Number(nb)]).map(([k, x, y]) => [k, x, y, x - y]);
rows.sort((r, s) => s[3] - r[3]);
let sa = 0, sb = 0; for (const r of rows) { sa += r[1]; sb += r[2]; }
console.log('total us/req', sa.toFixed(2), sb.toFixed(2));
for (const r of rows.slice(0, 45)) console.log(r[3].toFixed(3).padStart(8), r[1].toFixed(3).padStart(8), r[2].toFixed(3).padStart(8), r[0]);
