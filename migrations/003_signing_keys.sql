-- Keys that sign access tokens (JWT, EdDSA). The newest active key signs; older ones stay in the
-- JWKS until every token they signed has expired.
create table signing_keys (
  kid             text primary key,
  alg             text not null check (alg in ('EdDSA')),
  public_jwk      jsonb not null,
  private_key_pem text not null,
  created_at      timestamptz not null,
  retires_at      timestamptz not null,  -- stops signing
  expires_at      timestamptz not null   -- leaves the JWKS
);
