import { SETTINGS } from './config.js';

/**
 * docs/configuration.md, generated from SETTINGS (`npm run docs` writes it; test/docs.test.ts
 * fails when the file and the code disagree), so the table cannot drift from what Warden reads.
 */
export function renderConfigurationDoc(): string {
  const rows = Object.values(SETTINGS).map((setting) => {
    const shown = setting.default === undefined ? '—' : setting.default === '' ? '(empty)' : `\`${setting.default}\``;
    return `| \`${setting.name}\` | ${shown} | ${setting.description.replaceAll('|', '\\|')} |`;
  });
  return `# Configuration

<!-- Generated from src/server/config.ts (SETTINGS) by \`npm run docs\`: edit the code, not this file. -->

Settings come from the environment, or from a JSON file named by \`WARDEN_CONFIG_FILE\`
(\`{"WARDEN_KEY_PREFIX": "bk", "WARDEN_SCOPE_RESOURCES": ["deals", "documents"]}\`); the
environment wins over the file, and an unknown name in the file is an error. A wrong value stops
start-up with a message naming the setting (\`Invalid setting PORT: expected a whole number, got "eighty"\`).

| Setting | Default | Meaning |
|---|---|---|
| \`WARDEN_CONFIG_FILE\` | — | Optional JSON file with any of the settings below |
${rows.join('\n')}
`;
}
