// The audit worker thread (src/audit/chain-worker.ts): links batches of request events into their
// workspace's hash chain off the event loop. In: { id, headHash, tuples, leaves? } (rows as rowToTuple
// arrays; `leaves`: only each row's own hash, for a request batch). Out: { id, text, hashes } (hashes joined into one string) or { id, error }.
//
// The chain format is TypeScript (src/audit/chain-format.ts); this entry loads its compiled form,
// dist/audit/chain-format.js. Why a plain .mjs at the package root: a worker thread is plain Node,
// which cannot load .ts (vitest transforms only its own thread), so src/ and dist/ alike start the
// thread from here — dist/ is built by `npm run build` (npm test's pretest, CI, `npm start`). Under
// vitest the event loop runs the source and the thread the build: chain-worker.test.ts checks that
// both link byte for byte the same, and a thread that cannot load dist/ dies and hands its batches
// back to the event loop.
import { parentPort } from 'node:worker_threads';
import { joinHashes, leafHashes, linkRows, tupleToRow } from '../dist/audit/chain-format.js';

parentPort.on('message', ({ id, headHash, tuples, leaves }) => {
  try {
    if (leaves) {
      // A request batch: each event's own hash (the batch's link is made under the chain lock).
      parentPort.postMessage({ id, text: '', hashes: joinHashes(leafHashes(tuples.map(tupleToRow))) });
      return;
    }
    const { text, hashes } = linkRows(headHash, tuples.map(tupleToRow));
    parentPort.postMessage({ id, text, hashes: joinHashes(hashes) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
