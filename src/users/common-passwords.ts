import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `resources/` sits at the package root; this file is two levels down in both src/ and dist/.
const LIST_PATH = fileURLToPath(new URL('../../resources/common-passwords.txt', import.meta.url));

let list: Set<string> | undefined;

/** Read once, on first use (≈ 40k entries, a few milliseconds). */
function commonPasswords(): Set<string> {
  list ??= new Set(readFileSync(LIST_PATH, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean));
  return list;
}

/** True for a password on the shipped list of the most common ones (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
