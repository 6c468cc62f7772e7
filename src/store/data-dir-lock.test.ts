import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.js';

describe('lockDataDir', () => {
  it('writes our pid and removes the lock on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-lock-'));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'warden.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(join(dir, 'warden.lock'))).toBe(false);
  });

  it('refuses when a live process holds the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(dir, 'warden.lock'), String(other.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${other.pid}`));
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warden-lock-'));
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(join(dir, 'warden.lock'), String(dead.pid));
    const release = lockDataDir(dir);
    expect(readFileSync(join(dir, 'warden.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
