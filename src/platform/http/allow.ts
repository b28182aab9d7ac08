import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from './problem.js';

/**
 * Answers 405 with `Allow` (RFC 9110 §15.5.6) when a path is known but not with the request's method: the routes
 * are remembered as they are registered, and the not-found handler asks which of them the path matches.
 * Returns the check for the not-found handler: true when it answered.
 */
export function methodNotAllowed(app: FastifyInstance) {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(
      `^${route.url
        .split('/')
        .map((part) =>
          part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/')}$`,
    );
    routes.push({ pattern, methods: Array.isArray(route.method) ? route.method : [route.method] });
  });
  return (request: FastifyRequest, reply: FastifyReply): boolean => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods));
    if (allowed.size === 0 || allowed.has(request.method)) return false;
    reply
      .status(405)
      .header('allow', [...allowed].sort().join(', '))
      .type('application/problem+json')
      .send(problem(405, 'http.method_not_allowed', `${request.method} is not a method of this path.`));
    return true;
  };
}
