import { flag, integer, type Setting, type SettingsOf } from '../../platform/config.js';

/** Browser sessions' settings: how long one lasts, and how its cookies are marked. */
export const sessionsSettings = {
  sessionTtlMinutes: integer(
    'RENRAKU_SESSION_TTL_MINUTES',
    480,
    'Lifetime of a browser session, in minutes.',
    1,
  ),
  cookieSecure: flag(
    'RENRAKU_COOKIE_SECURE',
    true,
    'Mark session cookies Secure (browsers accept them on localhost).',
  ),
} satisfies Record<string, Setting<unknown>>;

export type SessionsConfig = SettingsOf<typeof sessionsSettings>;

/** Log-in throttling's settings (RENRAKU_LOGIN_*): failures allowed before waits, and the longest wait. */
export const loginThrottleSettings = {
  loginAccountFailures: integer(
    'RENRAKU_LOGIN_ACCOUNT_FAILURES',
    5,
    'Failed log-ins to one account before each further attempt waits, the wait doubling up to RENRAKU_LOGIN_MAX_DELAY_SECONDS (a browser that logged in to it before is exempt).',
    1,
    1000,
  ),
  loginAddressFailures: integer(
    'RENRAKU_LOGIN_ADDRESS_FAILURES',
    30,
    'Failed log-ins from one client address (IPv6: one /64) before each further attempt waits, the wait doubling up to a minute.',
    1,
    100_000,
  ),
  loginMaxDelaySeconds: integer(
    'RENRAKU_LOGIN_MAX_DELAY_SECONDS',
    900,
    'Longest wait imposed on an account after repeated failed log-ins or second factors, in seconds.',
    1,
    86_400,
  ),
} satisfies Record<string, Setting<unknown>>;

export type LoginThrottleConfig = SettingsOf<typeof loginThrottleSettings>;
