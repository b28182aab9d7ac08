import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { can } from '../../platform/access/rules.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import { newSecret } from '../../platform/auth/secrets.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { commonErrors, isAppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import {
  jsonWith,
  problemOrPage,
  problemResponse,
  refused,
  seeOther,
  sessionCookie,
} from '../../platform/http/openapi.js';
import { setSessionCookies } from '../users/sessions.http.js';
import type { SsoDeps } from './sso.deps.js';
import { ssoErrors } from './sso.errors.js';
import {
  beginLogin,
  finishLogin,
  identitiesOf,
  liveProvider,
  logInProviders,
  returningProvider,
} from './sso.login.usecases.js';
import { sendRefusal } from './sso.page.js';
import { presentIdentity, presentPublicProvider } from './sso.presenter.js';
import { safeReturnTo } from './sso.return-to.js';
import {
  CallbackQuery,
  IdentityOut,
  LinkInput,
  ProviderParams,
  PublicProviderOut,
  StartQuery,
} from './sso.schemas.js';

/** The cookie that ties a log-in in flight to the browser that started it (Lax: the provider navigates back). */
const FLOW_COOKIE = 'renraku_sso';
const FLOW_COOKIE_PATH = '/api/v1/sso/';
const BINDING = /^rb_[A-Za-z0-9_-]{43}$/;

function binding(request: FastifyRequest, reply: FastifyReply, deps: SsoDeps): string {
  const existing = request.cookies[FLOW_COOKIE];
  // One per browser, reused by log-ins started in several tabs, so that none cancels another.
  const value = existing && BINDING.test(existing) ? existing : newSecret('rb');
  reply.setCookie(FLOW_COOKIE, value, {
    path: FLOW_COOKIE_PATH,
    httpOnly: true,
    secure: deps.cookieSecure,
    sameSite: 'lax',
    maxAge: deps.flowMinutes * 60,
  });
  return value;
}

/** The cookie of a log-in in flight, as the browser steps read it. */
const flowCookie = {
  type: 'object',
  properties: {
    [FLOW_COOKIE]: { type: 'string', description: 'Ties a log-in in flight to the browser that started it' },
  },
};
const setsFlowCookie = {
  type: 'string',
  description: `\`${FLOW_COOKIE}\` (Path=${FLOW_COOKIE_PATH}; HttpOnly; SameSite=Lax; for the log-in's minutes): ties the log-in in flight to this browser`,
};

/** What leaving for a provider answers: a redirect, or a refusal (a page for a browser, problem details otherwise). */
const startResponses = {
  303: seeOther('To the identity provider', setsFlowCookie),
  400: problemOrPage('The request is not valid'),
  404: problemOrPage('No such identity provider'),
  422: problemOrPage('The identity provider is not usable (its issuer or its discovery document)'),
  502: problemOrPage('The identity provider could not be reached or answered nonsense'),
};
/** What coming back from a provider answers. */
const callbackResponses = {
  ...startResponses,
  303: seeOther('Logged in (or linked): on to returnTo', sessionCookie),
  400: problemOrPage('The request or the log-in in flight is not valid (start again)'),
  401: problemOrPage('The identity provider did not log the user in'),
  403: problemOrPage('The account may not log in this way'),
  409: problemOrPage('The identity is linked to another account, or its e-mail is taken'),
  422: problemOrPage('The identity provider sent no usable claims, or is not usable'),
};

/**
 * Where to send the browser to log in at a provider (or link an identity there): a live provider of that slug,
 * and a return address of this site's own.
 */
async function sendToProvider(
  request: FastifyRequest,
  reply: FastifyReply,
  args: {
    handle: DatabaseHandle;
    deps: SsoDeps;
    slug: string;
    returnTo: string | undefined;
    linkUserId: string | null;
  },
): Promise<URL> {
  const { handle, deps } = args;
  const provider = await liveProvider(handle.db, args.slug);
  const back = safeReturnTo(args.returnTo);
  if (back === null) throw ssoErrors.invalidReturnTo();
  return beginLogin({
    handle,
    provider,
    returnTo: back,
    binding: binding(request, reply, deps),
    linkUserId: args.linkUserId,
    deps,
  });
}

/** Runs a browser-facing step; a refusal becomes a page for a browser, problem details for an API client. */
async function browserStep(request: FastifyRequest, reply: FastifyReply, step: () => Promise<unknown>) {
  try {
    return await step();
  } catch (e) {
    if (isAppError(e)) return sendRefusal(request, reply, e);
    throw e;
  }
}

// The browser steps act for nobody yet: a browser's session cookie plays no part (and asks no CSRF token).
const anonymous = { anonymous: true, rateLimit: { max: 60, timeWindow: 60_000 } };
const tags = ['sso'];

/** What the single sign-on routes use. */
export interface SsoRoutesDeps {
  handle: DatabaseHandle;
  ssoDeps: SsoDeps;
}

/** Single sign-on: the providers of the log-in screen, leaving for one, coming back, and linking one. */
export function ssoRoutes(app: Api, deps: SsoRoutesDeps): void {
  logInProvidersRoute(app, deps);
  startLogInRoute(app, deps);
  finishLogInRoute(app, deps);
  linkIdentityRoute(app, deps);
  myIdentitiesRoute(app, deps);
}

/** GET /api/v1/sso/providers */
function logInProvidersRoute(app: Api, { handle }: SsoRoutesDeps): void {
  app.get(
    '/api/v1/sso/providers',
    {
      config: { anonymous: true },
      schema: {
        operationId: 'listLogInProviders',
        tags,
        summary: 'The identity providers the log-in screen offers (public)',
        security: [],
        response: { 200: Type.Object({ items: Type.Array(PublicProviderOut) }) },
      },
    },
    async () => ({ items: (await logInProviders(handle.db)).map(presentPublicProvider) }),
  );
}

/** GET /api/v1/sso/:provider/start */
function startLogInRoute(app: Api, { handle, ssoDeps: deps }: SsoRoutesDeps): void {
  app.get(
    '/api/v1/sso/:provider/start',
    {
      config: anonymous,
      schema: {
        operationId: 'startSsoLogIn',
        tags,
        summary:
          'Leave for the identity provider to log in (303); returnTo: a path of the web app to come back to',
        params: ProviderParams,
        querystring: StartQuery,
        security: [],
        cookies: flowCookie,
        response: startResponses,
      },
    },
    async (request, reply) =>
      browserStep(request, reply, async () => {
        const url = await sendToProvider(request, reply, {
          handle,
          deps,
          slug: request.params.provider,
          returnTo: request.query.returnTo,
          linkUserId: null,
        });
        return reply.header('cache-control', 'no-store').redirect(url.href, 303);
      }),
  );
}

/** GET /api/v1/sso/:provider/callback */
function finishLogInRoute(app: Api, { handle, ssoDeps: deps }: SsoRoutesDeps): void {
  app.get(
    '/api/v1/sso/:provider/callback',
    {
      config: anonymous,
      schema: {
        operationId: 'finishSsoLogIn',
        tags,
        summary:
          'Where the identity provider sends the browser back: logs in (session cookie) and goes on (303)',
        params: ProviderParams,
        querystring: CallbackQuery,
        security: [],
        cookies: flowCookie,
        response: callbackResponses,
      },
    },
    async (request, reply) =>
      browserStep(request, reply, async () => {
        const provider = await returningProvider(handle.db, request.params.provider);
        const { session, returnTo } = await finishLogin({
          handle,
          provider,
          params: request.query,
          binding: request.cookies[FLOW_COOKIE],
          client: { address: request.ip, userAgent: request.headers['user-agent'] ?? '' },
          deps,
        });
        if (session) setSessionCookies(reply, session, deps.cookieSecure);
        return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
      }),
  );
}

/** POST /api/v1/sso/:provider/link */
function linkIdentityRoute(app: Api, { handle, ssoDeps: deps }: SsoRoutesDeps): void {
  app.post(
    '/api/v1/sso/:provider/link',
    {
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        operationId: 'linkSsoIdentity',
        tags,
        summary:
          'Link your account to an identity provider: go to the returned URL and log in there (a browser session only)',
        params: ProviderParams,
        body: Type.Optional(LinkInput),
        cookies: flowCookie,
        response: {
          200: jsonWith(Type.Object({ url: Type.String() }), { 'set-cookie': setsFlowCookie }, 'Go to url'),
          422: refused('the identity provider is not usable (its issuer or its discovery document)'),
          502: problemResponse('The identity provider could not be reached or answered nonsense'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!can.linkIdentity(actor))
        throw commonErrors.forbidden('Linking an identity provider needs a browser session.');
      const url = await sendToProvider(request, reply, {
        handle,
        deps,
        slug: request.params.provider,
        returnTo: request.body?.returnTo,
        linkUserId: actor.userId,
      });
      return { url: url.href };
    },
  );
}

/** GET /api/v1/sso/identities */
function myIdentitiesRoute(app: Api, { handle }: SsoRoutesDeps): void {
  app.get(
    '/api/v1/sso/identities',
    {
      schema: {
        operationId: 'listMySsoIdentities',
        tags,
        summary: 'The identity providers your account is linked to, and those of your body you may link',
        response: {
          200: Type.Object({ items: Type.Array(IdentityOut), linkable: Type.Array(PublicProviderOut) }),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { identities, linkable } = await identitiesOf(handle.db, actor);
      return { linkable: linkable.map(presentPublicProvider), items: identities.map(presentIdentity) };
    },
  );
}
