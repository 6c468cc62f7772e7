'use strict';
// The audit worker thread (src/audit/chain-worker.ts): links batches of request events into their
// workspace's hash chain off the event loop. In: { id, headHash, tuples } (rows as rowToTuple
// arrays). Out: { id, text, hashes } (hashes joined into one string) or { id, error }.
const { parentPort } = require('node:worker_threads');
const { linkRows, tupleToRow, joinHashes } = require('./audit-chain.cjs');

parentPort.on('message', ({ id, headHash, tuples }) => {
  try {
    const { text, hashes } = linkRows(headHash, tuples.map(tupleToRow));
    parentPort.postMessage({ id, text, hashes: joinHashes(hashes) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
