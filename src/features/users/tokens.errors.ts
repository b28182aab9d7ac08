import { AppError } from '../../platform/errors.js';

export const tokenErrors = {
  secondFactorRequired: () =>
    new AppError(
      403,
      'tokens.second_factor_required',
      'API tokens are created from a browser session that has passed a second factor (set one up first).',
    ),
};
