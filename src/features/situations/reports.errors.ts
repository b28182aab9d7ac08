import { AppError } from '../../platform/errors.js';

export const reportErrors = {
  // A report the caller may not see (another situation's, a draft for a body) does not exist for it.
  notFound: () => new AppError(404, 'situations.reports.not_found', 'No such situation report.'),
  coordinatorsOnly: () =>
    new AppError(403, 'auth.forbidden', "Only the center's coordinators draft, issue and correct reports."),
  alreadyIssued: () =>
    new AppError(
      409,
      'situations.reports.already_issued',
      'This report has been issued: it is frozen; correct it with a new version instead.',
    ),
  notIssued: () =>
    new AppError(
      409,
      'situations.reports.not_issued',
      'A draft is not corrected: edit it, or issue it first.',
    ),
  staleVersion: (current: number) =>
    new AppError(
      409,
      'situations.reports.stale_version',
      'The report changed since you read it: read it again and retry.',
      { current },
    ),
  finalIssued: () =>
    new AppError(
      409,
      'situations.reports.closed',
      'The situation has been stood down and its final report issued: no new report is issued after it.',
    ),
};
