// Types of the HTTP API, generated from the server's own OpenAPI document (GET /openapi.json).
// `npm run sdk:types` (at the repository root) rewrites src/generated/openapi.ts; a test renders
// it again and fails when the checked-in file differs, so the SDK and the server cannot drift.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const GENERATED_PATH = fileURLToPath(new URL('../src/generated/openapi.ts', import.meta.url));

const HEADER = '// Generated from Warden\'s /openapi.json by sdk/scripts/generate-types.mjs (`npm run sdk:types`). Do not edit.\n/* eslint-disable */\n';

/** The TypeScript text of the `paths` types of an OpenAPI document (deployment-specific parts dropped). */
export async function renderTypes(document) {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  // The servers list and the key pattern in the description depend on the deployment's settings.
  const neutral = { ...document, servers: [], info: { ...document.info, description: '' } };
  const ast = await openapiTS(neutral, { alphabetize: true, silent: true });
  return HEADER + astToString(ast);
}

/** The OpenAPI document of a Warden built (dist/) with default settings and an in-memory store. */
async function documentOfDefaultWarden() {
  const dist = new URL('../../dist/', import.meta.url);
  const { buildApp } = await import(new URL('server/app.js', dist).href);
  const { loadConfig } = await import(new URL('server/config.js', dist).href);
  const { openDatabase, IN_MEMORY } = await import(new URL('store/open-database.js', dist).href);
  const { migrate } = await import(new URL('store/migrate.js', dist).href);
  const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: IN_MEMORY });
  const db = await openDatabase({ dataDir: IN_MEMORY });
  await migrate(db);
  const app = await buildApp({ config, db });
  try {
    await app.ready();
    return (await app.inject({ url: '/openapi.json' })).json();
  } finally {
    await app.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED_PATH, await renderTypes(await documentOfDefaultWarden()));
  console.log(`wrote ${GENERATED_PATH}`);
}
