import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { problemOf, sendProblem } from '../http/problem.js';

/** Where `npm run build` puts the web app (vite: web/ → dist/web), from src/dashboard or dist/dashboard alike. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface DashboardRoutesOptions {
  /** The built app: index.html and assets/. */
  dir?: string;
}

/**
 * The pages may load only this origin's scripts and styles; inline styles are allowed because the
 * component kit sets style attributes; no framing (clickjacking), no plugins, forms post only here.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "font-src 'self' data:", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

/**
 * `/dashboard`: the web app built from web/. Hashed assets are cached for a year; every other path
 * under /dashboard/ answers index.html (the app routes in the browser). Without a build the pages
 * answer 404 `dashboard_not_built`, saying how to build it; the API is unaffected.
 */
export async function dashboardRoutes(app: FastifyInstance, options: DashboardRoutesOptions): Promise<void> {
  const dir = options.dir ?? DEFAULT_DASHBOARD_DIR;
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) {
    const notBuilt = async (_request: unknown, reply: FastifyReply): Promise<void> => {
      sendProblem(reply, problemOf('dashboard_not_built', `The dashboard is not built (no ${indexPath}): run \`npm run build\``));
    };
    app.get('/dashboard', { schema: { hide: true } }, notBuilt);
    app.get('/dashboard/*', { schema: { hide: true } }, notBuilt);
    return;
  }
  const index = readFileSync(indexPath);
  const sendIndex = async (_request: unknown, reply: FastifyReply): Promise<FastifyReply> =>
    pageHeaders(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/dashboard/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    // npm run build writes .br and .gz beside each asset: sent to browsers that accept them.
    preCompressed: true,
    maxAge: '365d',
    setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
  });
  app.get('/dashboard', { schema: { hide: true } }, sendIndex);
  app.get('/dashboard/*', { schema: { hide: true } }, sendIndex);
}
