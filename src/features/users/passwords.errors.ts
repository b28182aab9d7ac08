import { AppError } from '../../platform/errors.js';

export const passwordErrors = {
  wrongCurrent: () =>
    new AppError(422, 'users.current_password_wrong', 'The current password is not correct.'),
  unchanged: () =>
    new AppError(422, 'users.password_unchanged', 'The new password must differ from the current one.'),
  sessionRequired: () =>
    new AppError(
      403,
      'users.session_required',
      'A password is changed from a browser session, not with an API token.',
    ),
  userDisabled: () =>
    new AppError(409, 'users.disabled', 'This user is disabled: enable it before sending a reset link.'),
  noPassword: () => new AppError(409, 'users.no_password', 'This user logs in without a password here.'),
};
