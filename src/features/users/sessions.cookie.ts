import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../../platform/auth/authenticate.js';

/** Sets the session cookie the same way for every log-in method: HttpOnly, SameSite=Strict, until expiry. */
export function setSessionCookie(
  reply: FastifyReply,
  session: { sessionId: string; expiresAt: string },
  cookieSecure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, session.sessionId, {
    path: '/',
    httpOnly: true,
    secure: cookieSecure,
    sameSite: 'strict',
    expires: new Date(session.expiresAt),
  });
}
