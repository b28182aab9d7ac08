import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server instance, exposed at /metrics. */
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
