import { AppError, commonErrors } from '../../platform/errors.js';

export const correlationErrors = {
  /** Answered alike for a cluster that does not exist and one the caller may not see. */
  clusterNotFound: () => commonErrors.notFound('correlations.not_found', 'No such cluster.'),
  badCursor: () =>
    new AppError(400, 'correlations.invalid_cursor', 'The cursor is not one this server gave out.'),
  tooManySources: (max: number) =>
    commonErrors.unprocessable(
      'correlations.too_many_sources',
      `A share names at most ${max} source incidents: draft it from a smaller cluster, or by hand.`,
    ),
};
