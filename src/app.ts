import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { annualPublicRoutes } from './features/annual/annual.public.js';
import { annualRoutes } from './features/annual/annual.routes.js';
import { assessmentRoutes } from './features/assessments/assessments.routes.js';
import { attachmentRoutes } from './features/attachments/attachments.routes.js';
import { campaignRoutes } from './features/campaigns/campaigns.routes.js';
import { communicationCheckRoutes } from './features/campaigns/checks.routes.js';
import { changeRoutes } from './features/changes/changes.routes.js';
import { contactExportRoutes } from './features/contacts/contacts.export.routes.js';
import { contactRoutes } from './features/contacts/contacts.routes.js';
import { conversationRoutes } from './features/conversation/conversation.routes.js';
import { correlationRoutes } from './features/correlation/correlation.routes.js';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.js';
import { deadlineRoutes } from './features/deadlines/deadlines.routes.js';
import { exerciseRoutes } from './features/exercises/exercises.routes.js';
import { lessonRoutes } from './features/exercises/lessons.routes.js';
import { exerciseReportRoutes } from './features/exercises/report.routes.js';
import { incidentExportRoutes } from './features/incidents/incidents.export.routes.js';
import { incidentRoutes } from './features/incidents/incidents.routes.js';
import { bulkImportRoutes } from './features/indicators/indicators.bulk.routes.js';
import { indicatorRoutes } from './features/indicators/indicators.routes.js';
import { mfaLoginRoutes } from './features/mfa/mfa.login.routes.js';
import { mfaResetRoutes } from './features/mfa/mfa.reset.routes.js';
import { mfaRoutes } from './features/mfa/mfa.routes.js';
import { noticeRoutes } from './features/notices/notices.routes.js';
import { publicRoutes } from './features/notices/public/public.routes.js';
import { notificationRoutes } from './features/notifications/notifications.routes.js';
import { loginPolicyRoutes } from './features/orgs/login-policy.routes.js';
import { orgRoutes } from './features/orgs/orgs.routes.js';
import { policyRoutes } from './features/policies/policies.routes.js';
import { consentRoutes } from './features/sharing/consent.routes.js';
import { shareExportRoutes } from './features/sharing/sharing.export.routes.js';
import { sharingRoutes } from './features/sharing/sharing.routes.js';
import { coordinationRoutes } from './features/situations/coordination.routes.js';
import { requestRoutes } from './features/situations/requests.routes.js';
import { rollCallRoutes } from './features/situations/rollcall.routes.js';
import { situationRoutes } from './features/situations/situations.routes.js';
import { ssoAdminRoutes } from './features/sso/sso.admin.routes.js';
import { ssoRoutes } from './features/sso/sso.routes.js';
import { taxiiRoutes } from './features/taxii/taxii.routes.js';
import { passwordRoutes } from './features/users/passwords.routes.js';
import { sessionRoutes } from './features/users/sessions.routes.js';
import { tokenRoutes } from './features/users/tokens.routes.js';
import { userRoutes } from './features/users/users.routes.js';
import { warninglistRoutes } from './features/warninglists/warninglists.routes.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import { installAuthentication } from './platform/auth/authenticate.js';
import { publicUrl, sliceOf } from './platform/config.js';
import { eventRoutes } from './platform/events/events.routes.js';
import { liveStreamSettings } from './platform/events/live-stream.config.js';
import { methodNotAllowed } from './platform/http/allow.js';
import { checkStrings, readJsonBodies } from './platform/http/json.js';
import { createMetrics, metricsRoute } from './platform/http/metrics.js';
import { installOpenapiContract, media, openapiDocument } from './platform/http/openapi.js';
import { installProblemHandler, problem } from './platform/http/problem.js';
import { cachedSerializerFactory, validatorCompiler } from './platform/http/validation.js';
import type { Services } from './services.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The built web app: dist/web beside dist/app.js, or beside src/ when run from source. */
const webRoot = [join(here, 'web'), join(here, '..', 'dist', 'web')].find((p) =>
  existsSync(join(p, 'index.html')),
);

export interface AppOptions {
  logger?: boolean;
  /** Where logs go (default standard output); tests read them. */
  logStream?: { write(line: string): void };
}

/** Fastify's trustProxy from RENRAKU_TRUST_PROXY: a hop count trusts that many hops nearest the server. */
const trustedProxies = (setting: number | string[] | undefined) =>
  typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : (setting ?? false);

/** Builds the HTTP application. Registration order is explicit and is the order a request meets it. */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Logs live outside the access rules: no query string (search terms can name victims), no headers
            // (tokens, cookies).
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                path: req.url.split('?')[0],
                remoteAddress: req.ip,
              }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    // Only the configured proxies may name the client (X-Forwarded-For); anyone else's header is ignored.
    trustProxy: trustedProxies(config.trustProxy),
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildSerializer: cachedSerializerFactory() } },
    routerOptions: { maxParamLength: 200 },
    // Requests Node's HTTP parser refuses (raw non-ASCII in the URL, broken headers) still get problem details.
    clientErrorHandler: (_error, socket) => {
      if (!socket.writable) return;
      const body = JSON.stringify(problem(400, 'request.malformed', 'The HTTP request could not be parsed.'));
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  app.setValidatorCompiler(validatorCompiler());
  installProblemHandler(app);
  readJsonBodies(app, 'application/json');
  // Query strings and path parameters get the scrutiny of JSON bodies: no control character reaches SQL.
  app.addHook('preValidation', async (request) => {
    checkStrings(request.query, 'query');
    checkStrings(request.params, 'params');
  });

  // Helmet's middleware is built once: @fastify/helmet built it again, and parsed the policy, for every request
  // (1.4 % of the server's CPU in bench (b)).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        // TLS is terminated in front of Renraku where it is deployed; on plain http (a demo, a test) upgrading
        // would break every subresource.
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, () => done()));
  await app.register(rateLimit, { global: false });
  await app.register(cookie);
  await app.register(swagger, openapiDocument(config.publicUrl));
  installOpenapiContract(app);
  const answerMethodNotAllowed = methodNotAllowed(app);
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const metrics = createMetrics();
  metrics.install(app);
  installAuthentication(app, {
    credentials: services.credentials,
    clock: services.clock,
    mfaRequiredRoles: config.mfaRequiredRoles,
  });

  // Route modules see each request part typed by its schema (validation itself stays with validatorCompiler).
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  // Each route module gets only what it uses.
  const { handle, clock, audit, changeDeps } = services;
  const { loginDeps } = services;
  const stepDeps = services.mfaDeps;
  const { campaignDeps } = services;
  const cookieSecure = config.cookieSecure;
  orgRoutes(api, {
    handle,
    audit,
    clock,
    reviewDeadlineMinutes: config.reviewDeadlineMinutes,
    maxReviewDeadlineMinutes: config.reviewDeadlineMaxMinutes,
  });
  sessionRoutes(api, { handle, clock, audit, loginDeps, cookieSecure });
  userRoutes(api, { handle, clock, audit, changeDeps, passwordMinScore: config.passwordMinScore });
  tokenRoutes(api, { handle, clock, audit });
  mfaLoginRoutes(api, { handle, stepDeps, cookieSecure });
  mfaRoutes(api, { handle, stepDeps, cookieSecure });
  mfaResetRoutes(api, { handle, clock, changeDeps });
  passwordRoutes(api, { handle, clock, passwordDeps: services.passwordDeps });
  ssoRoutes(api, { handle, ssoDeps: services.ssoDeps });
  ssoAdminRoutes(api, { handle, clock, ssoDeps: services.ssoDeps, changeDeps });
  loginPolicyRoutes(api, { handle, audit, clock, changeDeps });
  incidentRoutes(api, { handle, clock, incidentDeps: services.incidentDeps });
  indicatorRoutes(api);
  bulkImportRoutes(api, {
    handle,
    incidentDeps: services.incidentDeps,
    maxBytes: config.bulkImportMaxBytes,
    maxObjects: config.bulkImportMaxObjects,
  });
  correlationRoutes(api, {
    handle,
    clock,
    correlationDeps: { audit: services.incidentDeps.audit, clock },
    sharingDeps: services.sharingDeps,
    incidentNumberPrefix: services.incidentDeps.incidentNumberPrefix,
  });
  warninglistRoutes(api, { handle, audit, clock });
  noticeRoutes(api, {
    handle,
    clock,
    noticeDeps: services.noticeDeps,
  });
  publicRoutes(api, { handle, base: publicUrl(config).replace(/\/+$/, ''), timeZone: config.timeZone });
  annualPublicRoutes(api, { handle, timeZone: config.timeZone });
  conversationRoutes(api, { handle, clock, conversationDeps: services.conversationDeps });
  assessmentRoutes(api, { handle, clock, assessmentDeps: services.assessmentDeps });
  deadlineRoutes(api, { handle, clock, deadlineDeps: services.deadlineDeps });
  attachmentRoutes(api, { handle, attachmentDeps: services.attachmentDeps });
  incidentExportRoutes(api, {
    handle,
    clock,
    timeZone: config.timeZone,
    incidentDeps: services.incidentDeps,
  });
  dashboardRoutes(api, { handle, audit, clock, timeZone: config.timeZone });
  auditRoutes(api, {
    handle,
    audit,
    clock,
    anchoring: services.anchoring,
    timeZone: config.timeZone,
    actors: services.auditActors,
  });
  sharingRoutes(api, { handle, clock, sharingDeps: services.sharingDeps });
  shareExportRoutes(api, { handle, timeZone: config.timeZone, sharingDeps: services.sharingDeps });
  taxiiRoutes(api, {
    handle,
    sharingDeps: services.sharingDeps,
    incidentDeps: services.incidentDeps,
    inbox: { maxBytes: config.taxiiInboxMaxBytes, maxObjects: config.taxiiInboxMaxObjects },
  });
  consentRoutes(api, { handle, clock, sharingDeps: services.sharingDeps });
  contactRoutes(api, { handle, clock, contactDeps: services.contactDeps, changeDeps });
  contactExportRoutes(api, { handle, timeZone: config.timeZone, contactDeps: services.contactDeps });
  notificationRoutes(api, { handle, clock, notificationDeps: services.notificationDeps, changeDeps });
  campaignRoutes(api, { handle, clock, campaignDeps });
  communicationCheckRoutes(api, { handle, clock, campaignDeps });
  policyRoutes(api, { handle, policyDeps: services.policyDeps });
  changeRoutes(api, { handle, clock, changeDeps });
  situationRoutes(api, { handle, clock, situationDeps: services.situationDeps });
  rollCallRoutes(api, { handle, timeZone: config.timeZone, situationDeps: services.situationDeps });
  coordinationRoutes(api, { handle, situationDeps: services.situationDeps });
  requestRoutes(api, { handle, clock, situationDeps: services.situationDeps });
  exerciseRoutes(api, { handle, exerciseDeps: services.exerciseDeps });
  exerciseReportRoutes(api, {
    handle,
    timeZone: config.timeZone,
    reportDeps: services.exerciseReportDeps,
    purgeDeps: services.exercisePurgeDeps,
  });
  lessonRoutes(api, { handle, lessonsDeps: services.lessonsDeps });
  annualRoutes(api, { handle, annualDeps: services.annualDeps, pdfFont: config.annualPdfFont });
  const live = sliceOf(liveStreamSettings, config);
  eventRoutes(app, {
    events: services.events,
    onClients: (d) => metrics.sseClients.inc(d),
    heartbeatMs: live.sseHeartbeatMs,
    replayMax: live.sseReplayMax,
    limits: { perCredential: live.sseMaxPerCredential, perAddress: live.sseMaxPerAddress },
  });

  app.get(
    '/api/openapi.json',
    {
      schema: {
        operationId: 'getOpenApiDocument',
        tags: ['operations'],
        summary: 'This document (OpenAPI 3.1)',
        security: [],
        response: {
          200: media(
            'application/json',
            { type: 'object', additionalProperties: true },
            'The OpenAPI document',
          ),
        },
      },
    },
    async () => app.swagger(),
  );
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['operations'],
        summary: 'Whether the server can reach its database',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok') }, { description: 'Ready' }),
          503: Type.Object(
            { status: Type.Literal('unavailable') },
            { description: 'The database is unreachable' },
          ),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(services.handle.db);
        return { status: 'ok' };
      } catch {
        reply.status(503);
        return { status: 'unavailable' };
      }
    },
  );
  metricsRoute(app, metrics.registry, config.metricsToken);

  if (webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each asset (web/vite.config.ts); they go to browsers that take them.
      preCompressed: true,
      cacheControl: false,
      // Assets carry their content's hash in their name and never change; the shell must always be asked again.
      setHeaders: (res, path) => {
        res.setHeader(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (answerMethodNotAllowed(request, reply)) return;
    // The web app routes on the client: any unknown GET outside the API gets its shell.
    if (
      webRoot &&
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !request.url.startsWith('/taxii2') &&
      !request.url.startsWith('/public/')
    )
      return reply.sendFile('index.html');
    reply
      .status(404)
      .type('application/problem+json')
      .send(problem(404, 'http.not_found', 'No such endpoint.'));
  });
  return app;
}
