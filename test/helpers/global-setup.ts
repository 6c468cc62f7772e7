import { writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPgliteDatabase } from '../../src/store/pglite-database.js';
import { migrate } from '../../src/store/migrate.js';

/**
 * PGlite takes seconds to initialise a cluster; loading a dump of an already-migrated one takes
 * about one. Build that template once per run and let every test app start from it.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) return () => undefined;
  const db = await openPgliteDatabase(undefined);
  await migrate(db);
  const dump = await db.dump();
  await db.close();
  const dir = mkdtempSync(join(tmpdir(), 'warden-test-'));
  const path = join(dir, 'template.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplatePath', path);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
  }
}
