/**
 * The one error type of Renraku. `code` is stable and dotted (`incidents.not_found`); clients depend on it,
 * never on `message`. Features define factories for their own codes.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Errors that any feature may raise. */
export const commonErrors = {
  badRequest: (code: string, message: string, detail?: Record<string, unknown>) =>
    new AppError(400, code, message, detail),
  unauthenticated: () => new AppError(401, 'auth.unauthenticated', 'Authentication is required.'),
  sessionExpired: () =>
    new AppError(401, 'auth.session_expired', 'Your session has expired. Please log in again.'),
  forbidden: (message = 'You may not do this.') => new AppError(403, 'auth.forbidden', message),
  csrf: () => new AppError(403, 'auth.csrf_token_invalid', 'The CSRF token is missing or does not match.'),
  notFound: (code: string, message: string) => new AppError(404, code, message),
  conflict: (code: string, message: string) => new AppError(409, code, message),
  unprocessable: (code: string, message: string, detail?: Record<string, unknown>) =>
    new AppError(422, code, message, detail),
};
