import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, createTestApp, registerOwner } from './helpers/test-app.js';
import { outboxDirOf } from '../src/server/config.js';

describe('the development outbox follows WARDEN_DATA_DIR', () => {
  // Regression: WARDEN_OUTBOX_DIR defaulted to ./data/outbox whatever the data directory was, so
  // mails of a deployment (or a test) with its own data directory landed in the checkout.
  it('a password-reset mail is written under {WARDEN_DATA_DIR}/outbox when WARDEN_OUTBOX_DIR is unset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'warden-data-'));
    const t = await createTestApp({ env: { WARDEN_DATA_DIR: dataDir } });
    try {
      expect(outboxDirOf(t.config)).toBe(join(dataDir, 'outbox'));
      const owner = await registerOwner(t.app);
      expect((await call(t.app, 'POST', '/auth/password/forgot', { body: { email: owner.email } })).statusCode).toBe(202);
      await t.app.warden.flush();
      expect(readdirSync(join(dataDir, 'outbox')).filter((file) => file.endsWith('.eml'))).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
