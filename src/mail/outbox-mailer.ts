import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBase62 } from '../lib/base62.js';
import type { Mail, Mailer } from './mailer.js';

/**
 * Development default: each mail becomes an `.eml` file in `dir`; the log says where (never the
 * body, which may hold a reset token).
 */
export function createOutboxMailer(options: { dir: string; from: string; log: (message: string) => void }): Mailer {
  return {
    async send(mail: Mail): Promise<void> {
      await mkdir(options.dir, { recursive: true });
      const path = join(options.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBase62(6)}.eml`);
      const message = [`From: ${options.from}`, `To: ${mail.to}`, `Subject: ${mail.subject}`, `Date: ${new Date().toUTCString()}`, '', mail.text, ''].join('\r\n');
      await writeFile(path, message, { mode: 0o600 });
      options.log(`mail "${mail.subject}" to ${mail.to} written to ${path}`);
    },
    async close(): Promise<void> {},
  };
}
