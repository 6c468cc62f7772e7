// `npm run docs`: writes the generated pages of docs/ from the built code (dist/).
import { writeFileSync } from 'node:fs';
import { renderConfigurationDoc } from '../dist/server/config-doc.js';

const target = new URL('../docs/configuration.md', import.meta.url);
writeFileSync(target, renderConfigurationDoc());
console.log(`wrote ${target.pathname}`);
