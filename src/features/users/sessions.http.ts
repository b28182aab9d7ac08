import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../platform/auth/authenticate.js';
import { DEVICE_COOKIE, DEVICE_COOKIE_PATH } from './sessions.devices.js';
import type { ClientInfo, OpenedSession } from './sessions.open.js';
import type { loginProgress } from './sessions.usecases.js';
import { presentMe } from './users.presenter.js';

/** The client as recorded on a session: the address (through trusted proxies only) and the user agent. */
export const clientOf = (request: FastifyRequest): ClientInfo => ({
  address: request.ip,
  userAgent: String(request.headers['user-agent'] ?? ''),
});

/** Sets the cookie of a session just opened and, for a completed log-in, the browser's device cookie. */
export function setSessionCookies(reply: FastifyReply, session: OpenedSession, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, session.secret, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'strict',
    expires: new Date(session.expiresAt),
  });
  if (session.device)
    reply.setCookie(DEVICE_COOKIE, session.device.secret, {
      path: DEVICE_COOKIE_PATH,
      httpOnly: true,
      secure,
      sameSite: 'strict',
      expires: new Date(session.device.expiresAt),
    });
}

/** What a log-in step answers: the stage reached and the session's CSRF token. */
export const loginAnswer = (session: Pick<OpenedSession, 'stage' | 'csrfToken' | 'expiresAt'>) => ({
  stage: session.stage === 'full' ? ('complete' as const) : session.stage,
  csrfToken: session.csrfToken,
  expiresAt: session.expiresAt,
});

/** A log-in step's answer with what its stage shows: who logged in, or the second factors to choose from. */
export const presentLoginStep = (
  session: Pick<OpenedSession, 'stage' | 'csrfToken' | 'expiresAt'>,
  progress: Awaited<ReturnType<typeof loginProgress>>,
) => ({
  ...loginAnswer(session),
  ...(progress.me ? { me: presentMe(progress.me.user, progress.me.org) } : {}),
  ...(progress.methods ? { methods: progress.methods } : {}),
});
