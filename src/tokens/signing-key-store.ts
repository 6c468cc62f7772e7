import type { Queryable } from '../store/database.js';

export interface SigningKeyRow {
  kid: string;
  alg: 'EdDSA';
  public_jwk: Record<string, string>;
  private_key_pem: string;
  created_at: Date;
  retires_at: Date;
  expires_at: Date;
}

export async function listSigningKeys(db: Queryable, now: Date): Promise<SigningKeyRow[]> {
  return db.query<SigningKeyRow>('select * from signing_keys where expires_at > $1 order by created_at desc', [now]);
}

export async function insertSigningKey(tx: Queryable, key: SigningKeyRow): Promise<void> {
  await tx.query(
    `insert into signing_keys (kid, alg, public_jwk, private_key_pem, created_at, retires_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [key.kid, key.alg, JSON.stringify(key.public_jwk), key.private_key_pem, key.created_at, key.retires_at, key.expires_at],
  );
}
