import { AppError } from '../../platform/errors.js';

export const notificationErrors = {
  // Someone else's notification does not exist for the caller.
  notFound: () => new AppError(404, 'notifications.not_found', 'No such notification.'),
  alreadyAcknowledged: () =>
    new AppError(
      409,
      'notifications.already_acknowledged',
      'This notification has been acknowledged already.',
    ),
  rulesNotFound: () => new AppError(404, 'notification_rules.not_found', 'No such body.'),
  duplicateEvent: (event: string) =>
    new AppError(400, 'notification_rules.duplicate_event', `The event ${event} has more than one rule.`, {
      event,
    }),
};
