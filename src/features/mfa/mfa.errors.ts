import { AppError } from '../../platform/errors.js';

export const mfaErrors = {
  invalidCode: () =>
    new AppError(422, 'mfa.invalid_code', 'The code does not match; type the current code of the app.'),
  wrongSecondFactor: () =>
    new AppError(401, 'auth.invalid_second_factor', 'The code or the passkey was not accepted.'),
  totpExists: () =>
    new AppError(
      409,
      'mfa.totp_exists',
      'An authenticator app is set up already; remove it first to set up another.',
    ),
  noEnrolment: () => new AppError(409, 'mfa.no_enrolment', 'Start setting up the authenticator app first.'),
  lastFactor: () =>
    new AppError(
      422,
      'mfa.last_factor',
      'Your role needs a second factor: add another one before you remove this one.',
    ),
  noFactor: () => new AppError(409, 'mfa.no_factor', 'Set up an authenticator app or a passkey first.'),
  sessionRequired: () =>
    new AppError(
      403,
      'mfa.session_required',
      'Second factors are managed from a browser session that has passed its second factor.',
    ),
  passkeyNotFound: () => new AppError(404, 'mfa.passkey_not_found', 'No such passkey.'),
  challengeInvalid: () =>
    new AppError(400, 'mfa.challenge_invalid', 'This passkey request has expired or was used; start again.'),
  passkeyRejected: () =>
    new AppError(422, 'mfa.passkey_rejected', 'The passkey could not be verified; try again.'),
  passkeyExists: () => new AppError(409, 'mfa.passkey_exists', 'This passkey is registered already.'),
  noLoginStep: () =>
    new AppError(409, 'auth.no_login_step', 'This session has no log-in step left to finish.'),
  throttled: (retryAfterSeconds: number) =>
    new AppError(429, 'auth.throttled', 'Too many attempts. Wait and try again.', { retryAfterSeconds }),
};
