import { AppError } from '../../platform/errors.js';

export const sessionErrors = {
  throttled: (retryAfterSeconds: number) =>
    new AppError(429, 'auth.throttled', 'Too many attempts. Wait and try again.', { retryAfterSeconds }),
  notFound: () => new AppError(404, 'sessions.not_found', 'No such session.'),
};
