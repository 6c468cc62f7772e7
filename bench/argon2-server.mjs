// P3's baseline (bench/login.mjs): a bare Fastify 5 route, POST /auth/login {email, password},
// that verifies the password against an argon2id hash with Warden's own password module
// (dist/users/password.js: @node-rs/argon2 with ARGON2_OPTIONS, on the same pool of nice-19
// worker threads, sized the same way by WARDEN_PASSWORD_HASH_CONCURRENCY, 0 = one per core),
// and answers 200 {ok:true} or 401. Nothing else: no user lookup, session, token or audit.
import Fastify from 'fastify';
import { announceListening, exitWithParent, enableProfiling } from './child-common.mjs';

const { hashPassword, verifyPassword, setPasswordHashConcurrency } = await import('../dist/users/password.js');
setPasswordHashConcurrency(Number(process.env.WARDEN_PASSWORD_HASH_CONCURRENCY ?? 0));
const PASSWORD = process.env.BENCH_LOGIN_PASSWORD ?? 'bench-login-password-1234';
const passwordHash = await hashPassword(PASSWORD);

const app = Fastify({ logger: false });
app.post('/auth/login', async (request, reply) => {
  const { password } = request.body ?? {};
  if (typeof password !== 'string' || !(await verifyPassword(passwordHash, password))) return reply.code(401).send({ ok: false });
  return { ok: true };
});

enableProfiling('argon2');
exitWithParent(() => app.close().then(() => process.exit(0), () => process.exit(1)));
process.once('SIGTERM', () => app.close().then(() => process.exit(0), () => process.exit(1)));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
announceListening('argon2', app.server.address().port);
