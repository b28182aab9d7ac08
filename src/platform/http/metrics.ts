import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { sameSecret } from '../auth/secrets.js';
import { AppError } from '../errors.js';
import { media, problemResponse } from './openapi.js';
import { problem } from './problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Prometheus registry of this instance, for a metrics listener of its own (RENRAKU_METRICS_LISTEN). */
    metricsRegistry: Registry;
  }
}

/** Prometheus metrics of one server instance. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'renraku_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const sseClients = new Gauge({
    name: 'renraku_sse_clients',
    help: 'Open live-stream connections',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'renraku_http_server_errors_total',
    help: 'Responses with a 5xx status',
    registers: [registry],
  });
  return {
    registry,
    sseClients,
    install(app: FastifyInstance) {
      app.decorate('metricsRegistry', registry);
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        requests.observe(
          { method: request.method, route, status: String(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
        if (reply.statusCode >= 500) errors.inc();
      });
    },
  };
}

/** Whether an Authorization header carries the metrics token. */
const bearerIs = (header: string | undefined, token: string): boolean =>
  header?.startsWith('Bearer ') === true && sameSecret(header.slice(7), token);

const unauthenticated = () =>
  new AppError(401, 'metrics.unauthenticated', '/metrics needs the bearer token of RENRAKU_METRICS_TOKEN.');

/**
 * /metrics on the public port: only with RENRAKU_METRICS_TOKEN, as a bearer token (the counters describe the
 * service's activity: not for anyone who can reach it). Without a token it answers 404 there, and is served by
 * the separate listener of RENRAKU_METRICS_LISTEN if any. The route needs no user: user authentication is
 * skipped (`anonymous`), so that the metrics token is not taken for an API token.
 */
export function metricsRoute(app: FastifyInstance, registry: Registry, token: string | undefined): void {
  const metricsSchema = {
    operationId: 'getMetrics',
    tags: ['operations'],
    summary: 'Prometheus metrics (only with RENRAKU_METRICS_TOKEN; 404 without it)',
    security: [{ metricsToken: [] }],
    response: {
      200: media('text/plain', { type: 'string' }, 'Metrics in the Prometheus text format'),
      401: problemResponse('The metrics token is missing or wrong', {
        'www-authenticate': { type: 'string', description: 'Bearer realm="metrics"' },
      }),
      404: problemResponse('No metrics token is configured: /metrics is not served here'),
    },
  };
  app.get('/metrics', { schema: metricsSchema, config: { anonymous: true } }, async (request, reply) => {
    if (!token) throw new AppError(404, 'http.not_found', 'No such endpoint.');
    if (!bearerIs(request.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw unauthenticated();
    }
    reply.type(registry.contentType).header('cache-control', 'no-store');
    return registry.metrics();
  });
}

/**
 * A listener of its own for /metrics (RENRAKU_METRICS_LISTEN, e.g. 127.0.0.1:9464 for a local Prometheus),
 * apart from the public port; the token is required there too when one is set.
 */
export async function serveMetrics(options: {
  registry: Registry;
  host: string;
  port: number;
  token: string | undefined;
}): Promise<{ address: AddressInfo; close(): Promise<void> }> {
  const { registry, token } = options;
  const server = createServer((request, response) => {
    const answer = (status: number, code: string, detail: string) => {
      response.writeHead(status, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify(problem(status, code, detail)));
    };
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics')
      return answer(404, 'http.not_found', 'No such endpoint.');
    if (token && !bearerIs(request.headers.authorization, token)) {
      response.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return answer(401, 'metrics.unauthenticated', unauthenticated().message);
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(text);
      },
      () => answer(500, 'internal', 'The metrics could not be collected.'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    address: server.address() as AddressInfo,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
