import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ProblemOut } from './schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route honours `Idempotency-Key` (a retry with the same key gets the first answer). */
    idempotent?: boolean;
  }
  interface FastifySchema {
    /** The cookies the route reads (documented as cookie parameters; Fastify does not validate them). */
    cookies?: object;
  }
}

/** The challenge of every 401 (RFC 9110 §11.6.1): API clients authenticate with a bearer token (RFC 6750). */
export const WWW_AUTHENTICATE = 'Bearer realm="renraku"';

/** The document's base: what no route schema says. Paths, operations and their schemas come from the routes. */
export const openapiDocument = (publicUrl: string | undefined): FastifyDynamicSwaggerOptions => ({
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Renraku API',
      version: '1',
      description: [
        'Cyber-attack reporting chain: bodies report incidents to their supervising ministry and the national center.',
        '',
        'Every error is RFC 9457 problem details (`application/problem+json`) with a stable dotted `code`. ' +
          'A known path asked with a method it does not have answers 405 with `Allow`; every 401 carries ' +
          `\`WWW-Authenticate: ${WWW_AUTHENTICATE}\`. Creating requests honour \`Idempotency-Key\`.`,
      ].join('\n'),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: publicUrl ?? '/', description: 'This Renraku server' }],
    tags: [
      { name: 'auth', description: 'Log-in, sessions, who I am, API tokens' },
      { name: 'mfa', description: 'Second factors: authenticator app, recovery codes, passkeys' },
      {
        name: 'sso',
        description: 'Log-in with an identity provider (OpenID Connect) and its administration',
      },
      { name: 'users', description: 'People of a body, password and second-factor resets' },
      { name: 'orgs', description: 'The organization tree, routing, aliases and login policies' },
      { name: 'incidents', description: 'Quick reports, follow-ups, review and forwarding, statistics' },
      {
        name: 'correlation',
        description: 'Incidents sharing indicators, their clusters, and a share drafted from one',
      },
      {
        name: 'sharing',
        description: 'Shares and advisories, their STIX 2.1 export, sightings of their indicators',
      },
      {
        name: 'warninglists',
        description: 'Warning lists: values almost never malicious, which flag indicators (the center)',
      },
      {
        name: 'taxii',
        description: 'TAXII 2.1 server: the shares each caller receives, as STIX 2.1 collections',
      },
      {
        name: 'deadlines',
        description:
          'Deadline profiles (reporting obligations and their clocks), impact assessments, the clocks on an incident',
      },
      { name: 'consent', description: "Consent of a report's body to sharing, standing consents" },
      { name: 'contacts', description: "A body's contact structure in escalation order" },
      { name: 'notifications', description: 'Notification rules, my notifications and their acknowledgment' },
      {
        name: 'contact campaigns',
        description: 'Campaigns asking bodies to confirm their contact structure',
      },
      { name: 'communication checks', description: "Test messages to bodies' duty contacts" },
      {
        name: 'policies',
        description:
          'The policy clause register (ポリシーへの記載), requests (要請) to add the clause, coverage per fiscal year',
      },
      { name: 'changes', description: 'Changes of people and contacts waiting for the body to confirm' },
      {
        name: 'situations',
        description: 'Large-scale situations: declaration, posture level, roll-call, board, timeline',
      },
      {
        name: 'annual',
        description:
          'The annual report (年次報告書): trends, one evaluation per ministry, the ministries’ review, the final (frozen, hashed), PDF/XLSX/CSV',
      },
      {
        name: 'exercises',
        description:
          'Exercises (訓練): scenarios, their control and their injects; their report, its final, the purge of their data, lessons learned',
      },
      { name: 'audit', description: 'The audit log, its export and the verification of its hash chain' },
      { name: 'events', description: 'The live stream of what the caller may see' },
      { name: 'operations', description: 'Health, metrics and this document' },
    ],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`renraku token create`).' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'renraku_session',
          description: 'The browser session cookie set by `POST /api/v1/session`.',
        },
        csrf: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description:
            "The session's CSRF token: with the session cookie, every request that changes anything.",
        },
        metricsToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The token of RENRAKU_METRICS_TOKEN (not a user’s API token).',
        },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
  },
  refResolver: {
    // Shared schemas keep their names in components.schemas.
    buildLocalReference: (json, _baseUri, _fragment, i) =>
      typeof json.$id === 'string' ? json.$id : `def-${i}`,
  },
});

const problemRef = { $ref: 'Problem#' };

/** A problem-details answer, for a route's `response` (with the headers it sets, if any). */
export const problemResponse = (description: string, headers?: Record<string, object>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: problemRef } },
});

export const retryAfter = {
  type: 'integer',
  minimum: 0,
  description: 'Seconds to wait before trying again',
};

/** The answer of a throttled request: 429 with Retry-After. */
export const throttled = {
  429: problemResponse('Too many attempts: wait for Retry-After seconds', { 'retry-after': retryAfter }),
};

/** A JSON answer with headers (e.g. Location of what was created). */
export const jsonWith = (schema: object, headers: Record<string, object>, description = 'Success') => ({
  description,
  headers,
  content: { 'application/json': { schema } },
});

export const location = { type: 'string', description: 'Where the created (or asked-for) resource is' };

/** An answer that is not JSON (a page, a file, a stream): its media type and body. */
export const media = (
  mediaType: string,
  schema: object,
  description: string,
  headers?: Record<string, object>,
) => ({ description, ...(headers ? { headers } : {}), content: { [mediaType]: { schema } } });

/** A redirect (303) of a browser step: where it leads and the cookies it sets. */
export const seeOther = (description: string, setCookie: object) => ({
  description,
  headers: {
    location: { type: 'string', description: 'Where the browser goes on' },
    'set-cookie': setCookie,
  },
  type: 'null',
});

const IDEMPOTENCY_CONFLICT = 'the Idempotency-Key was used when the caller had another role or body';
const IDEMPOTENCY_REUSED = 'the Idempotency-Key was used for another request';

/** 409: the request conflicts with the current state; `why` says how (e.g. "the slug is taken"). */
export const conflict = (why: string) => problemResponse(`Conflicts with the current state: ${why}`);

/** 422: well-formed, but a rule of the product refuses it; `why` says which rules. */
export const refused = (why: string) => problemResponse(`Refused by a rule of the product: ${why}`);

/** A route's own 409 or 422 with one more reason for it; the plain answer when the route declares none. */
function withReason(own: unknown, reason: string): unknown {
  if (own === undefined) return problemResponse(`Refused: ${reason}`);
  const described = own as { description?: string };
  return { ...described, description: `${described.description ?? 'Refused'}; or ${reason}` };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const rateLimitHeaders = {
  'x-ratelimit-limit': { type: 'integer', description: 'Requests allowed in the window' },
  'x-ratelimit-remaining': { type: 'integer', description: 'Requests left in the window' },
  'x-ratelimit-reset': { type: 'integer', description: 'Seconds until the window starts again' },
};

interface RouteSchema {
  hide?: boolean;
  operationId?: string;
  security?: { [scheme: string]: readonly string[] }[];
  headers?: { type?: string; properties?: Record<string, unknown>; [k: string]: unknown };
  response?: Record<string, unknown>;
  [k: string]: unknown;
}

/**
 * What every route can answer besides its own success, by what the route is: problem details for a malformed
 * request (400), a missing or refused caller (401, 403: also a CSRF token or a read-only token on any change),
 * a path naming nothing (404), a body too large or of another type (413, 415), a throttle (429), a fault of
 * the server (500). A route that honours `Idempotency-Key` can also answer 409 (the key was used with another
 * role or body) and 422 (the key was used for another request); any other 409 or 422 a route can give, it
 * declares itself (`conflict`, `refused`). A route's own `response` entries win. Also documents
 * `Idempotency-Key` where the route honours it and the CSRF token on changes made with the session cookie.
 */
export function installOpenapiContract(app: FastifyInstance): void {
  app.addSchema({ ...ProblemOut, $id: 'Problem', title: 'Problem' });
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as RouteSchema | undefined;
    if (!schema || schema.hide) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as { anonymous?: boolean; idempotent?: boolean; rateLimit?: unknown };
    if (!schema.operationId) throw new Error(`${methods.join()} ${route.url}: no operationId`);
    if (config.anonymous && schema.security === undefined)
      throw new Error(`${route.url}: a route for nobody must say its security (none: [])`);
    const unsafe = methods.some((m) => UNSAFE.has(m));
    const open = Array.isArray(schema.security) && schema.security.length === 0;
    const hasParams = route.url.includes(':');

    const common: Record<string, unknown> = {
      400: problemResponse('The request is malformed or does not match the schema'),
    };
    if (!config.anonymous) {
      // Any request may carry credentials, and bad ones are refused before the route runs.
      common[401] = problemResponse('Not authenticated, or the credential is no longer good', {
        'www-authenticate': { type: 'string', description: `The challenge: ${WWW_AUTHENTICATE}` },
      });
      if (!open || unsafe)
        common[403] = problemResponse(
          'Not allowed (role, body, a read-only token, or a missing CSRF token with the session cookie)',
        );
    }
    if (hasParams) common[404] = problemResponse('Nothing of that name the caller may see');
    if (unsafe) {
      common[413] = problemResponse('The body is larger than the server takes');
      common[415] = problemResponse('The body is not of a media type the route takes');
    }
    common[500] = problemResponse('A fault of the server (logged; its details are not sent)');
    if (config.rateLimit) Object.assign(common, throttled);

    const own = schema.response ?? {};
    const response: Record<string, unknown> = { ...common, ...own };
    if (config.idempotent) {
      response[409] = withReason(own[409], IDEMPOTENCY_CONFLICT);
      response[422] = withReason(own[422], IDEMPOTENCY_REUSED);
    }
    if (config.rateLimit) {
      for (const [status, answer] of Object.entries(own)) {
        if (!status.startsWith('2')) continue;
        const described = answer as { content?: unknown; headers?: object; description?: string };
        response[status] = described.content
          ? { ...described, headers: { ...rateLimitHeaders, ...described.headers } }
          : jsonWith(answer as object, rateLimitHeaders, described.description);
      }
    }
    if (config.rateLimit)
      response[429] = problemResponse('Too many requests: wait for Retry-After seconds', {
        'retry-after': retryAfter,
        ...rateLimitHeaders,
      });

    const next: RouteSchema = { ...schema, response };
    if (config.idempotent) {
      next.headers = {
        type: 'object',
        ...schema.headers,
        properties: {
          ...schema.headers?.properties,
          'idempotency-key': {
            type: 'string',
            description:
              'Makes a retry safe: a retry with the same key (1 to 200 printable ASCII characters) by the same caller gets the first answer and changes nothing',
          },
        },
      };
    }
    if (unsafe && !open && schema.security === undefined)
      next.security = [{ bearer: [] }, { session: [], csrf: [] }];
    route.schema = next;
  });
}

/** A problem-details answer with extension members of its own (its schema extends the problem schema). */
export const problemOf = (schema: object, description: string) => ({
  description,
  content: { 'application/problem+json': { schema } },
});

/** A refusal as problem details for an API client, or as a page for a browser that asked for HTML. */
export const problemOrPage = (description: string) => ({
  description,
  content: {
    'application/problem+json': { schema: problemRef },
    'text/html': { schema: { type: 'string' } },
  },
});

/** The cookies a log-in step sets: the session's and, once the log-in is complete, the browser's device cookie. */
export const sessionCookie = {
  type: 'string',
  description:
    '`renraku_session` (Path=/; HttpOnly; SameSite=Strict; until the session expires): the browser session, ' +
    'sent back with every request. When the log-in is complete also `renraku_device` (Path=/api/v1/session; ' +
    'HttpOnly; SameSite=Strict; 90 days): this browser logged in to the account, so that its failed ' +
    "attempts are counted apart from everyone else's",
};

/** The cookie log-out sets: the session cookie, expired. */
export const sessionCookieCleared = {
  type: 'string',
  description: '`renraku_session`, expired (the browser forgets the session)',
};

/** The cookie a log-in reads: the device cookie of an earlier complete log-in from this browser. */
export const deviceCookie = {
  type: 'object',
  properties: {
    renraku_device: {
      type: 'string',
      description:
        'Set by an earlier complete log-in from this browser: its attempts on that account are throttled apart',
    },
  },
};

/**
 * A route's own answers by status, typed by number: a route that answers a stored status (an idempotent replay
 * gives the first answer's) sets it from a number.
 */
export const answers = (byStatus: Record<number, object>): Record<number, object> => byStatus;
