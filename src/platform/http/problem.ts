import type { FastifyError, FastifyInstance } from 'fastify';
import { isUniqueViolation } from '../db/errors.js';
import { AppError } from '../errors.js';
import { drainBody } from './drain.js';
import { WWW_AUTHENTICATE } from './openapi.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

const fastifyCodes: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request.body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'request.unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'request.invalid_content_length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'request.malformed_json'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'request.malformed_json'],
  FST_ERR_BAD_URL: [400, 'request.bad_url'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'request.bad_url'],
};

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problem = (status: number, code: string, detail?: string): Problem => ({
  type: `urn:renraku:error:${code}`,
  title: titles[status] ?? 'Error',
  status,
  code,
  ...(detail ? { detail } : {}),
});

/** Maps every error to RFC 9457 problem details with a stable code; 5xx details never leave the server. */
export function installProblemHandler(app: FastifyInstance): void {
  // RFC 9110 §11.6.1: a 401 names how to authenticate. A browser's session cookie is no HTTP authentication
  // scheme; the bearer token is (RFC 6750), and a token that was sent but is not good is said to be invalid.
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode !== 401 || reply.hasHeader('www-authenticate')) return;
    const sentToken = /^Bearer /.test(request.headers.authorization ?? '');
    reply.header(
      'www-authenticate',
      sentToken ? `${WWW_AUTHENTICATE}, error="invalid_token"` : WWW_AUTHENTICATE,
    );
  });
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    let body: Problem;
    if (error instanceof AppError) {
      body = problem(error.status, error.code, error.message);
      if (error.detail) Object.assign(body, error.detail);
    } else if (error.validation) {
      body = problem(400, 'request.validation_failed', 'The request does not match the schema.');
      body.errors = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath}`,
        message:
          v.keyword === 'additionalProperties'
            ? `unknown field '${String((v.params as { additionalProperty?: string }).additionalProperty)}'`
            : (v.message ?? 'invalid'),
      }));
    } else if (error.code && fastifyCodes[error.code]) {
      const [status, code] = fastifyCodes[error.code] as [number, string];
      body = problem(status, code, error.message);
    } else if (isUniqueViolation(error)) {
      // Two requests raced to create the same thing; the loser is told so, as if it had come second.
      body = problem(
        409,
        'request.conflict',
        'Something with the same identity was created at the same time.',
      );
    } else if (error.statusCode === 429) {
      body = problem(429, 'request.rate_limited', 'Too many attempts. Wait a minute and try again.');
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      body = problem(error.statusCode, 'request.invalid', error.message);
    } else {
      request.log.error({ err: error }, 'unhandled error');
      body = problem(500, 'server.internal', 'Something went wrong on our side. It has been logged.');
    }
    const send = () => reply.status(body.status).type('application/problem+json').send(body);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Fastify asks to close the connection after this answer, before the client finished sending: read the
      // rest first (bounded), so that the client — or nginx in front — reads the 413 instead of a reset.
      return drainBody(request.raw).then((drained) => {
        if (drained) reply.removeHeader('connection');
        return send();
      });
    }
    return send();
  });
}
