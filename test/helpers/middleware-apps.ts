import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import express from 'express';
import { Hono } from 'hono';
import { createWarden as fastifyWarden } from '../../sdk/src/middleware/fastify.js';
import { createWarden as expressWarden } from '../../sdk/src/middleware/express.js';
import { createWarden as honoWarden, type WardenVariables } from '../../sdk/src/middleware/hono.js';
import type { WardenMiddlewareOptions } from '../../sdk/src/middleware/warden-verifier.js';
import type { WardenVerifier } from '../../sdk/src/middleware/warden-verifier.js';

/** One answer of a protected app, whatever its framework. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/**
 * A company's service in one framework: `GET /deals` needs `deals:read`, `POST /deals` needs
 * `deals:write`, and `GET /down` sits behind a second middleware whose Warden does not answer.
 * Each route answers the principal the middleware set.
 */
export interface ProtectedApp {
  name: string;
  request(method: 'GET' | 'POST', path: string, headers?: Record<string, string>): Promise<Answer>;
  verifier: WardenVerifier;
  close(): Promise<void>;
}

const headersOf = (headers: Headers): Record<string, string> => Object.fromEntries(headers.entries());
const bodyOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export async function fastifyApp(options: WardenMiddlewareOptions, down: WardenMiddlewareOptions): Promise<ProtectedApp & { app: FastifyInstance }> {
  const warden = fastifyWarden(options);
  const dead = fastifyWarden(down);
  const app = Fastify();
  await app.register(warden.plugin);
  app.get('/deals', { preHandler: warden.requireScopes('deals:read') }, async (request) => ({ principal: request.warden }));
  app.post('/deals', { preHandler: warden.requireScopes('deals:write') }, async (request) => ({ principal: request.warden }));
  app.get('/by-config', { config: { wardenScopes: ['deals:read'] } }, async (request) => ({ principal: request.warden }));
  app.get('/down', { preHandler: dead.requireScopes('deals:read') }, async (request) => ({ principal: request.warden }));
  await app.ready();
  return {
    name: 'fastify',
    app,
    verifier: warden.verifier,
    async request(method, path, headers = {}) {
      const response = await app.inject({ method, url: path, headers });
      return { status: response.statusCode, headers: response.headers as Record<string, string>, body: bodyOf(response.body) };
    },
    async close() {
      dead.close();
      await app.close();
    },
  };
}

export async function expressApp(options: WardenMiddlewareOptions, down: WardenMiddlewareOptions): Promise<ProtectedApp> {
  const warden = expressWarden(options);
  const dead = expressWarden(down);
  const app = express();
  app.get('/deals', warden.requireScopes('deals:read'), (req, res) => void res.json({ principal: req.warden }));
  app.post('/deals', warden.requireScopes('deals:write'), (req, res) => void res.json({ principal: req.warden }));
  app.get('/down', dead.requireScopes('deals:read'), (req, res) => void res.json({ principal: req.warden }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    name: 'express',
    verifier: warden.verifier,
    async request(method, path, headers = {}) {
      const response = await fetch(`${base}${path}`, { method, headers, signal: AbortSignal.timeout(10_000) });
      return { status: response.status, headers: headersOf(response.headers), body: bodyOf(await response.text()) };
    },
    async close() {
      warden.close();
      dead.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function honoApp(options: WardenMiddlewareOptions, down: WardenMiddlewareOptions): Promise<ProtectedApp> {
  const warden = honoWarden({ ...options, clientIp: () => '127.0.0.1' });
  const dead = honoWarden(down);
  const app = new Hono<{ Variables: WardenVariables }>();
  app.get('/deals', warden.requireScopes('deals:read'), (c) => c.json({ principal: c.get('warden') }));
  app.post('/deals', warden.requireScopes('deals:write'), (c) => c.json({ principal: c.get('warden') }));
  app.get('/down', dead.requireScopes('deals:read'), (c) => c.json({ principal: c.get('warden') }));
  return {
    name: 'hono',
    verifier: warden.verifier,
    async request(method, path, headers = {}) {
      const response = await app.request(path, { method, headers });
      return { status: response.status, headers: headersOf(response.headers), body: bodyOf(await response.text()) };
    },
    async close() {
      warden.close();
      dead.close();
    },
  };
}

/** Polls `probe` until it holds (true) or `timeoutMs` passes (false): every wait bounded. */
export async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 5): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
