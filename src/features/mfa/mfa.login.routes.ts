import type { FastifyReply } from 'fastify';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { isAppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { conflict, jsonWith, sessionCookie, throttled } from '../../platform/http/openapi.js';
import { clientOf, presentLoginStep, setSessionCookies } from '../users/sessions.http.js';
import type { OpenedSession } from '../users/sessions.open.js';
import { LoginOut } from '../users/sessions.schemas.js';
import { loginProgress } from '../users/sessions.usecases.js';
import { mfaErrors } from './mfa.errors.js';
import type { StepDeps } from './mfa.login.js';
import { logInWithPasskey, passkeyLoginOptions, secondFactorWithCode } from './mfa.login.js';
import { ChallengeOut, PasskeyLoginInput, SecondFactorInput } from './mfa.schemas.js';

const tags = ['auth'];

/** What the second step of a log-in uses. */
export interface MfaLoginRoutesDeps {
  handle: DatabaseHandle;
  stepDeps: StepDeps;
  cookieSecure: boolean;
}

/**
 * The steps of a log-in after the password: a TOTP or recovery code, or a passkey. A passkey that verifies its
 * user (PIN, biometrics) may also be the whole log-in, without a password.
 */
export function mfaLoginRoutes(app: Api, deps: MfaLoginRoutesDeps): void {
  secondFactorRoute(app, deps);
  passkeyOptionsRoute(app, deps);
  passkeyLogInRoute(app, deps);
}

/** POST /api/v1/session/second-factor */
function secondFactorRoute(app: Api, { handle, stepDeps: deps, cookieSecure }: MfaLoginRoutesDeps): void {
  app.post(
    '/api/v1/session/second-factor',
    {
      schema: {
        operationId: 'logInSecondFactor',
        tags,
        summary: 'The second step of a log-in: a code of the authenticator app, or a recovery code',
        body: SecondFactorInput,
        security: [{ session: [], csrf: [] }],
        response: {
          200: jsonWith(LoginOut, { 'set-cookie': sessionCookie }),
          409: conflict('this session has no log-in step left to finish'),
          ...throttled,
        },
      },
    },
    async (request, reply) => {
      const step = request.loginStep;
      if (step?.stage !== 'second-factor') throw stepRequired(request);
      const { method, code } = request.body;
      const session = await withRetryAfter(reply, () =>
        secondFactorWithCode({ handle, step, method, code, client: clientOf(request), deps }),
      );
      return opened(handle, reply, session, cookieSecure);
    },
  );
}

/** POST /api/v1/session/passkey/options */
function passkeyOptionsRoute(app: Api, { handle, stepDeps: deps }: MfaLoginRoutesDeps): void {
  app.post(
    '/api/v1/session/passkey/options',
    {
      schema: {
        operationId: 'getPasskeyLogInOptions',
        tags,
        summary:
          'Options for a passkey assertion: for the second step of this log-in, or for a log-in with a passkey alone',
        security: [],
        response: { 200: ChallengeOut },
      },
    },
    async (request) => {
      const step = request.loginStep;
      if (step && step.stage !== 'second-factor') throw stepRequired(request);
      return inTransaction(handle, (unit) =>
        passkeyLoginOptions({ unit, userId: step?.userId ?? null, deps }),
      );
    },
  );
}

/** POST /api/v1/session/passkey */
function passkeyLogInRoute(app: Api, { handle, stepDeps: deps, cookieSecure }: MfaLoginRoutesDeps): void {
  app.post(
    '/api/v1/session/passkey',
    {
      schema: {
        operationId: 'logInWithPasskey',
        tags,
        summary: 'Answer the passkey assertion: completes this log-in, or logs in with the passkey alone',
        body: PasskeyLoginInput,
        security: [],
        response: { 200: jsonWith(LoginOut, { 'set-cookie': sessionCookie }), ...throttled },
      },
    },
    async (request, reply) => {
      const step = request.loginStep;
      if (step && step.stage !== 'second-factor') throw stepRequired(request);
      const { challengeId, response } = request.body;
      const session = await withRetryAfter(reply, () =>
        logInWithPasskey({ handle, step, challengeId, response, client: clientOf(request), deps }),
      );
      return opened(handle, reply, session, cookieSecure);
    },
  );
}

/** A completed log-in: its cookies, and who logged in. */
async function opened(
  handle: DatabaseHandle,
  reply: FastifyReply,
  session: OpenedSession | null,
  cookieSecure: boolean,
) {
  if (!session) throw mfaErrors.wrongSecondFactor();
  setSessionCookies(reply, session, cookieSecure);
  return presentLoginStep(session, await loginProgress(handle.db, 'full', session.userId));
}

/** The refusal of a throttled step carries Retry-After, as the password's does. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const wait = isAppError(e) ? e.detail?.retryAfterSeconds : undefined;
    if (typeof wait === 'number') reply.header('retry-after', String(wait));
    throw e;
  }
}

/** A step route reached at another step (or with none): the refusal says which step is due. */
function stepRequired(request: Parameters<typeof requireActor>[0]) {
  try {
    requireActor(request);
  } catch (e) {
    return e;
  }
  return mfaErrors.noLoginStep();
}
