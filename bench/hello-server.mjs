// Baseline: bare Fastify 5, logger off, GET / → {hello:'world'}. Listens on 127.0.0.1:<PORT|free>.
import Fastify from 'fastify';
import { announceListening, exitWithParent, enableProfiling } from './child-common.mjs';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

enableProfiling('hello');
exitWithParent(() => app.close().then(() => process.exit(0), () => process.exit(1)));
process.once('SIGTERM', () => app.close().then(() => process.exit(0), () => process.exit(1)));
process.once('SIGINT', () => app.close().then(() => process.exit(0), () => process.exit(1)));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
announceListening('hello', app.server.address().port);
