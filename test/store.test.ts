import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, loadMigrations } from '../src/store/migrate.js';
import { call, createTestApp, STORE_KIND, type TestApp } from './helpers/test-app.js';

describe(`store (${STORE_KIND})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('records every migration once; running them again applies nothing', async () => {
    const files = await loadMigrations();
    const rows = await t.db.query<{ version: number }>('select version from schema_migrations order by version');
    expect(rows.map((r) => r.version)).toEqual(files.map((m) => m.version));
    expect(await migrate(t.db)).toEqual([]);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`insert into workspaces (id, name) values ('wsp_rollback', 'x')`);
        await tx.query('select * from no_such_table');
      }),
    ).rejects.toThrow();
    expect(await t.db.query(`select id from workspaces where id = 'wsp_rollback'`)).toEqual([]);
  });

  it('readyz turns 503 store_unavailable when the store is gone (fail closed)', async () => {
    const ready = await call(t.app, 'GET', '/readyz');
    expect(ready.json()).toEqual({ status: 'ready', store: STORE_KIND });
    await t.db.close();
    const down = await call(t.app, 'GET', '/readyz');
    expect(down.statusCode).toBe(503);
    expect(down.json().code).toBe('store_unavailable');
    expect(down.headers['retry-after']).toBe('5');
    expect((await call(t.app, 'GET', '/healthz')).statusCode).toBe(200);
  });
});

describe('readyz with REDIS_URL', () => {
  it('answers 200 degraded while Redis is unreachable: Warden keeps serving from the store', async () => {
    const t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const ready = await call(t.app, 'GET', '/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'degraded', store: STORE_KIND, redis: 'unreachable' });
    } finally {
      await t.close();
    }
  });
});
