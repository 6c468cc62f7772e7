import type { Database } from '../store/database.js';
import type { SecretBox } from '../lib/secret-box.js';
import { privateKeyContext } from '../tokens/signing-keys.js';
import { totpSecretContext } from '../twofactor/two-factor-service.js';

/** Where sealed secrets live: table, the row's id column, the secret column and its context. */
const SEALED_COLUMNS = [
  { table: 'signing_keys', id: 'kid', column: 'private_key_pem', context: privateKeyContext },
  { table: 'users', id: 'id', column: 'totp_secret', context: totpSecretContext },
] as const;

/**
 * Run at start-up: seals every stored secret that is not sealed with the current key (stored
 * before WARDEN_SECRET_KEY was set, or under a key that has since been rotated out of first
 * place). Row-locked, so instances starting together do not fight. Returns how many were sealed.
 * Throws SecretBoxError when a value was sealed with a key that is not configured.
 */
export async function resealSecrets(db: Database, secrets: SecretBox): Promise<number> {
  if (!secrets.currentPrefix) return 0;
  const current = `${secrets.currentPrefix}%`;
  let resealed = 0;
  for (const { table, id, column, context } of SEALED_COLUMNS) {
    await db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; value: string }>(
        `select ${id} as id, ${column} as value from ${table} where ${column} is not null and ${column} not like $1 for update`,
        [current],
      );
      for (const row of rows) {
        if (!secrets.needsReseal(row.value)) continue;
        const sealed = secrets.seal(secrets.open(row.value, context(row.id)), context(row.id));
        await tx.query(`update ${table} set ${column} = $2 where ${id} = $1`, [row.id, sealed]);
        resealed++;
      }
    });
  }
  return resealed;
}
