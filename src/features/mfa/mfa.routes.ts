import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { conflict, jsonWith, refused, sessionCookie } from '../../platform/http/openapi.js';
import { clientOf, loginAnswer, setSessionCookies } from '../users/sessions.http.js';
import type { OpenedSession } from '../users/sessions.open.js';
import { LoginOut } from '../users/sessions.schemas.js';
import type { StepDeps } from './mfa.login.js';
import { factorOwner, renewAfterFirstFactor } from './mfa.owner.js';
import {
  ChallengeOut,
  CodeInput,
  FactorsOut,
  PasskeyInput,
  PasskeyParams,
  PasskeyRename,
  TotpStartOut,
} from './mfa.schemas.js';
import {
  confirmTotp,
  factorsOf,
  passkeyRegistration,
  regenerateRecoveryCodes,
  removePasskey,
  removeTotp,
  renamePasskey,
  startTotp,
  storePasskey,
  verifyNewPasskey,
} from './mfa.usecases.js';

const RecoveryCodes = Type.Union([Type.Array(Type.String()), Type.Null()], {
  description: 'Shown this once (null when the user has unused ones already)',
});
const Enrolled = Type.Object({
  recoveryCodes: RecoveryCodes,
  session: Type.Optional(LoginOut),
});

const tags = ['mfa'];

/** A first factor renews the session (new cookie): the answer carries the new CSRF token. */
const renewed = (reply: FastifyReply, session: OpenedSession | null, cookieSecure: boolean) => {
  if (!session) return {};
  setSessionCookies(reply, session, cookieSecure);
  return { session: loginAnswer(session) };
};

/** What the second-factor routes use. */
export interface MfaRoutesDeps {
  handle: DatabaseHandle;
  stepDeps: StepDeps;
  cookieSecure: boolean;
}

/**
 * 「セキュリティ設定」 on the server: the caller's own second factors — an authenticator app (TOTP), recovery
 * codes, passkeys. Also reached by a session that may only enrol (a role that needs a second factor).
 */
export function mfaRoutes(app: Api, deps: MfaRoutesDeps): void {
  factorsRoute(app, deps);
  beginTotpRoute(app, deps);
  confirmTotpRoute(app, deps);
  removeTotpRoute(app, deps);
  newRecoveryCodesRoute(app, deps);
  passkeyOptionsRoute(app, deps);
  addPasskeyRoute(app, deps);
  renamePasskeyRoute(app, deps);
  removePasskeyRoute(app, deps);
}

/** GET /api/v1/me/mfa */
function factorsRoute(app: Api, { handle, stepDeps: deps }: MfaRoutesDeps): void {
  app.get(
    '/api/v1/me/mfa',
    {
      schema: {
        operationId: 'getMyMfa',
        tags,
        summary: 'Your second factors (never their secrets)',
        response: { 200: FactorsOut },
      },
    },
    async (request) => {
      const who = await factorOwner(request, handle.db);
      return factorsOf(handle.db, who, deps);
    },
  );
}

/** POST /api/v1/me/mfa/totp */
function beginTotpRoute(app: Api, { handle, stepDeps: deps }: MfaRoutesDeps): void {
  app.post(
    '/api/v1/me/mfa/totp',
    {
      schema: {
        operationId: 'startTotp',
        tags,
        summary: 'Start setting up an authenticator app: its secret as text and as a QR code',
        response: { 200: TotpStartOut, 409: conflict('an authenticator app is set up already') },
      },
    },
    async (request) => {
      const who = await factorOwner(request, handle.db);
      const started = await inTransaction(handle, (unit) => startTotp({ unit, who, deps }));
      return { ...started, qrCode: await qrDataUrl(started.uri) };
    },
  );
}

/** POST /api/v1/me/mfa/totp/confirm */
function confirmTotpRoute(app: Api, { handle, stepDeps: deps, cookieSecure }: MfaRoutesDeps): void {
  app.post(
    '/api/v1/me/mfa/totp/confirm',
    {
      schema: {
        operationId: 'confirmTotp',
        tags,
        summary: 'Confirm the authenticator app with a code from it',
        body: CodeInput,
        response: {
          200: jsonWith(
            Enrolled,
            { 'set-cookie': sessionCookie },
            'Set up; a first set-up renews the session',
          ),
          409: conflict('no authenticator app is being set up, or one is set up already'),
          422: refused('the code does not match'),
        },
      },
    },
    async (request, reply) => {
      const who = await factorOwner(request, handle.db);
      const { code } = request.body;
      const out = await inTransaction(handle, async (unit) => {
        const result = await confirmTotp({ unit, who, code, deps });
        const session = result.first
          ? await renewAfterFirstFactor({ unit, who, factor: 'totp', client: clientOf(request), deps })
          : null;
        return { recoveryCodes: result.recoveryCodes, session };
      });
      return { recoveryCodes: out.recoveryCodes, ...renewed(reply, out.session, cookieSecure) };
    },
  );
}

/** DELETE /api/v1/me/mfa/totp */
function removeTotpRoute(app: Api, { handle, stepDeps: deps }: MfaRoutesDeps): void {
  app.delete(
    '/api/v1/me/mfa/totp',
    {
      schema: {
        operationId: 'removeTotp',
        tags,
        summary: 'Remove the authenticator app (not the last second factor of a role that needs one)',
        response: {
          204: Type.Null(),
          409: conflict('no authenticator app is set up'),
          422: refused('your role needs a second factor, and this is the last one'),
        },
      },
    },
    async (request, reply) => {
      const who = await factorOwner(request, handle.db);
      await inTransaction(handle, (unit) => removeTotp({ unit, who, deps }));
      reply.status(204);
    },
  );
}

/** POST /api/v1/me/mfa/recovery-codes */
function newRecoveryCodesRoute(app: Api, { handle, stepDeps: deps }: MfaRoutesDeps): void {
  app.post(
    '/api/v1/me/mfa/recovery-codes',
    {
      schema: {
        operationId: 'renewRecoveryCodes',
        tags,
        summary: 'New recovery codes in place of all the old ones, shown once',
        response: {
          200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }),
          409: conflict('no second factor is set up'),
        },
      },
    },
    async (request) => {
      const who = await factorOwner(request, handle.db);
      return {
        recoveryCodes: await inTransaction(handle, (unit) => regenerateRecoveryCodes({ unit, who, deps })),
      };
    },
  );
}

/** POST /api/v1/me/passkeys/options */
function passkeyOptionsRoute(app: Api, { handle, stepDeps: deps }: MfaRoutesDeps): void {
  app.post(
    '/api/v1/me/passkeys/options',
    {
      schema: {
        operationId: 'getPasskeyRegistrationOptions',
        tags,
        summary: 'Options for registering a passkey (navigator.credentials.create)',
        response: { 200: ChallengeOut },
      },
    },
    async (request) => {
      const who = await factorOwner(request, handle.db);
      return inTransaction(handle, (unit) => passkeyRegistration({ unit, who, deps }));
    },
  );
}

/** POST /api/v1/me/passkeys */
function addPasskeyRoute(app: Api, { handle, stepDeps: deps, cookieSecure }: MfaRoutesDeps): void {
  app.post(
    '/api/v1/me/passkeys',
    {
      schema: {
        operationId: 'registerPasskey',
        tags,
        summary: 'Register a passkey answering the options',
        body: PasskeyInput,
        response: {
          201: jsonWith(
            Type.Intersect([Enrolled, Type.Object({ id: Type.String() })]),
            { 'set-cookie': sessionCookie },
            'Registered; a first second factor renews the session',
          ),
          409: conflict('this passkey is registered already'),
          422: refused('the passkey could not be verified'),
        },
      },
    },
    async (request, reply) => {
      const who = await factorOwner(request, handle.db);
      const body = request.body;
      const credential = await verifyNewPasskey({ handle, who, ...body, deps });
      const out = await inTransaction(handle, async (unit) => {
        const stored = await storePasskey({ unit, who, credential, name: body.name, deps });
        const session = stored.first
          ? await renewAfterFirstFactor({ unit, who, factor: 'passkey', client: clientOf(request), deps })
          : null;
        return { ...stored, session };
      });
      reply.status(201);
      return { id: out.id, recoveryCodes: out.recoveryCodes, ...renewed(reply, out.session, cookieSecure) };
    },
  );
}

/** PATCH /api/v1/me/passkeys/:id */
function renamePasskeyRoute(app: Api, { handle, stepDeps: deps }: MfaRoutesDeps): void {
  app.patch(
    '/api/v1/me/passkeys/:id',
    {
      schema: {
        operationId: 'renamePasskey',
        tags,
        summary: 'Rename a passkey',
        params: PasskeyParams,
        body: PasskeyRename,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const who = await factorOwner(request, handle.db);
      const { id } = request.params;
      const { name } = request.body;
      await inTransaction(handle, (unit) => renamePasskey({ unit, who, passkeyId: id, name, deps }));
      reply.status(204);
    },
  );
}

/** DELETE /api/v1/me/passkeys/:id */
function removePasskeyRoute(app: Api, { handle, stepDeps: deps }: MfaRoutesDeps): void {
  app.delete(
    '/api/v1/me/passkeys/:id',
    {
      schema: {
        operationId: 'removePasskey',
        tags,
        summary: 'Remove a passkey (not the last second factor of a role that needs one)',
        params: PasskeyParams,
        response: {
          204: Type.Null(),
          422: refused('your role needs a second factor, and this is the last one'),
        },
      },
    },
    async (request, reply) => {
      const who = await factorOwner(request, handle.db);
      const { id } = request.params;
      await inTransaction(handle, (unit) => removePasskey({ unit, who, passkeyId: id, deps }));
      reply.status(204);
    },
  );
}

/** The QR code of an otpauth URI as an SVG data URL (an image: nothing of it is inserted as markup). */
const qrDataUrl = async (uri: string) => {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
};
