import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from './helpers/test-app.js';
// @ts-expect-error: a plain .mjs script without types
import { GENERATED_PATH, renderTypes } from '../sdk/scripts/generate-types.mjs';

/** The SDK's types come from the server's /openapi.json; when a route changes, `npm run sdk:types` must be run. */
describe('sdk/src/generated/openapi.ts matches the server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('rendering /openapi.json again gives the checked-in file (else: npm run sdk:types)', async () => {
    const document = (await call(t.app, 'GET', '/openapi.json')).json();
    const rendered: string = await renderTypes(document);
    const checkedIn = readFileSync(GENERATED_PATH as string, 'utf8');
    expect(rendered === checkedIn, 'sdk/src/generated/openapi.ts is out of date: run `npm run sdk:types` and commit it').toBe(true);
  });
});
