'use strict';
// A token-signing worker thread (src/tokens/token-signer.ts). Messages in:
//   { kid, key }                      a private KeyObject to sign with under that kid
//   { id, kids: [], inputs: [] }      a batch: sign inputs[i] (JWS signing input) with kids[i]
// Message out: { id, signatures: [] } base64url signatures (null for a kid it was never given).
const { parentPort } = require('node:worker_threads');
const { ed25519Signer } = require('./ed25519-sign.cjs');

const signers = new Map();

parentPort.on('message', (message) => {
  if (message.key) {
    signers.set(message.kid, ed25519Signer(message.key));
    return;
  }
  const { id, kids, inputs } = message;
  const signatures = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const signer = signers.get(kids[i]);
    signatures[i] = signer ? signer(Buffer.from(inputs[i])).toString('base64url') : null;
  }
  parentPort.postMessage({ id, signatures });
});
