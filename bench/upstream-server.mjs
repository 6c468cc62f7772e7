// The gateway bench's upstream: a bare Node HTTP server, GET anything → a small JSON answer.
import { createServer } from 'node:http';
import { announceListening, exitWithParent } from './child-common.mjs';

const body = JSON.stringify({ deals: [{ id: 'deal_1', amount: 1000 }] });
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
const stop = () => server.close(() => process.exit(0));
exitWithParent(stop);
process.once('SIGTERM', stop);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => announceListening('upstream', server.address().port));
