import { AppError } from '../../platform/errors.js';

export const orgErrors = {
  notFound: () => new AppError(404, 'orgs.not_found', 'No such body.'),
  slugTaken: () => new AppError(409, 'orgs.slug_taken', 'A body with this slug already exists.'),
  centerExists: () =>
    new AppError(409, 'orgs.center_exists', 'There is already a center; a deployment has one.'),
  badParent: (message: string) => new AppError(422, 'orgs.invalid_parent', message),
  reviewDeadlineTooLong: (max: number) =>
    new AppError(
      422,
      'orgs.review_deadline_too_long',
      `A review deadline is at most ${max} minutes (RENRAKU_REVIEW_DEADLINE_MAX_MINUTES).`,
    ),
  invalidAlias: (index: number) =>
    new AppError(
      400,
      'orgs.invalid_alias',
      'An alias needs at least two characters that are not spaces or invisible characters.',
      { fields: [`aliases.${index}`] },
    ),
  invalidDomain: (index: number) =>
    new AppError(
      400,
      'orgs.invalid_domain',
      'A domain is a DNS name the body holds (example.go.jp): not an IP address, not a public suffix alone (go.jp).',
      { fields: [`domains.${index}`] },
    ),
  reviewOnlyForMinistries: () =>
    new AppError(422, 'orgs.review_mode_ministry_only', 'Only a ministry reviews reports (of its agencies).'),
};
