import { AppError } from '../../platform/errors.js';

export const userErrors = {
  emailTaken: () => new AppError(409, 'users.email_taken', 'A user with this e-mail exists already.'),
  roleDoesNotFitOrg: () =>
    new AppError(422, 'users.role_not_allowed_here', 'This role exists only at the center.'),
  notFound: () => new AppError(404, 'users.not_found', 'No such user.'),
  badCredentials: () => new AppError(401, 'auth.invalid_credentials', 'The e-mail or the password is wrong.'),
  passwordLoginDisabled: () =>
    new AppError(
      403,
      'auth.password_login_disabled',
      'Your body logs in through its identity provider only: use its button on the log-in screen.',
    ),
  tokenNotFound: () => new AppError(404, 'tokens.not_found', 'No such token.'),
  selfChange: () =>
    new AppError(
      422,
      'users.self_change',
      'You cannot disable yourself or change your own role; ask another administrator or security officer.',
    ),
  passwordNotAsked: () =>
    new AppError(
      422,
      'users.password_not_asked',
      'This person is added when the body confirms, and gets a first password then, shown to whoever confirms: leave the password empty.',
    ),
};
