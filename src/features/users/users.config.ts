import { integer, type Setting } from '../../platform/config.js';

/** People's password settings: the strength of a new password, how long a reset link lasts. */
export const usersSettings = {
  passwordMinScore: integer(
    'RENRAKU_PASSWORD_MIN_SCORE',
    3,
    'Least zxcvbn strength (0–4) of a new password, which also needs 12 characters and must not be built on the user’s e-mail, name or body.',
    0,
    4,
  ),
  passwordResetHours: integer(
    'RENRAKU_PASSWORD_RESET_HOURS',
    24,
    'How long a password reset link sent by an administrator stays valid, in hours.',
    1,
    24 * 7,
  ),
} satisfies Record<string, Setting<unknown>>;
