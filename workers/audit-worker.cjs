'use strict';
// The audit worker thread (src/audit/chain-worker.ts): links batches of request events into their
// workspace's hash chain off the event loop. In: { id, headHash, rows }. Out: { id, text, hashes }
// or { id, error }.
const { parentPort } = require('node:worker_threads');
const { linkRows } = require('./audit-chain.cjs');

parentPort.on('message', ({ id, headHash, rows }) => {
  try {
    parentPort.postMessage({ id, ...linkRows(headHash, rows) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
