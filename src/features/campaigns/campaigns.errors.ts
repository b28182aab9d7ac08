import { AppError } from '../../platform/errors.js';

export const campaignErrors = {
  // A campaign the caller may not see does not exist for it.
  notFound: () => new AppError(404, 'campaigns.not_found', 'No such campaign.'),
  notAsked: () =>
    new AppError(404, 'campaigns.entry_not_found', 'Your body is not asked to confirm in this campaign.'),
  closed: () => new AppError(409, 'campaigns.closed', 'This campaign is closed.'),
  noBodies: () => new AppError(422, 'campaigns.no_bodies', 'No body to ask: choose at least one.'),
  deadlinePast: () =>
    new AppError(422, 'campaigns.deadline_past', 'The deadline must be a day that has not ended yet.'),
};

export const checkErrors = {
  notFound: () => new AppError(404, 'communication_checks.not_found', 'No such communication check.'),
  alreadyAcknowledged: () =>
    new AppError(
      409,
      'communication_checks.already_acknowledged',
      'This test message has been acknowledged already.',
    ),
};
