'use strict';
// An argon2id worker thread (src/users/password-workers.ts). It first lowers its own CPU priority
// to `workerData.nice` (Linux keeps nice values per thread), then answers jobs one at a time:
//   in:  { id, op: 'hash', password } | { id, op: 'verify', hash, password }
//   out: { id, value } | { id, error }      (and once, at start: { ready: true, tid })
const { parentPort, workerData } = require('node:worker_threads');
const { readlinkSync } = require('node:fs');
const { setPriority } = require('node:os');
const argon2 = require('@node-rs/argon2');

let tid = null;
try {
  // '/proc/thread-self' -> '<pid>/task/<tid>': this thread's id, whose nice value Linux keeps apart.
  tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  setPriority(tid, workerData.nice);
} catch {
  // Not Linux: the thread keeps the process priority.
}
parentPort.postMessage({ ready: true, tid });

parentPort.on('message', (job) => {
  try {
    const value = job.op === 'hash' ? argon2.hashSync(job.password, workerData.options) : argon2.verifySync(job.hash, job.password);
    parentPort.postMessage({ id: job.id, value });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
});
