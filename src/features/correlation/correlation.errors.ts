import { AppError, commonErrors } from '../../platform/errors.js';

export const correlationErrors = {
  /** Answered alike for a cluster that does not exist and one the caller may not see. */
  clusterNotFound: () => commonErrors.notFound('correlations.not_found', 'No such cluster.'),
  /** Answered alike for an incident that does not exist, one the caller does not read, and one sharing nothing. */
  pairNotFound: () =>
    commonErrors.notFound('correlations.not_found', 'The incidents share no values you may see.'),
  badCursor: () =>
    new AppError(400, 'correlations.invalid_cursor', 'The cursor is not one this server gave out.'),
  tooManySources: (max: number) =>
    commonErrors.unprocessable(
      'correlations.too_many_sources',
      `A share names at most ${max} source incidents: draft it from a smaller cluster, or by hand.`,
    ),
};
