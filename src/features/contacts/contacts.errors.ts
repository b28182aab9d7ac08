import { AppError } from '../../platform/errors.js';

export const contactErrors = {
  notFound: () => new AppError(404, 'contacts.not_found', 'No such contact.'),
  noChannel: () =>
    new AppError(
      422,
      'contacts.no_channel',
      'A contact needs at least one way to be reached: an e-mail address, a telephone number or a webhook URL.',
    ),
  invalidTimeZone: () =>
    new AppError(422, 'contacts.invalid_time_zone', 'The time zone must be an IANA name such as Asia/Tokyo.'),
  invalidBusinessHours: () =>
    new AppError(
      422,
      'contacts.invalid_business_hours',
      'Business hours must start before they end, within one day (e.g. 09:00 to 18:00).',
    ),
  webhookUrlInvalid: (why: string) =>
    new AppError(422, 'contacts.webhook_url_invalid', `The webhook URL is not usable: ${why}.`),
  webhookUrlNotHttps: () =>
    new AppError(422, 'contacts.webhook_url_not_https', 'A webhook URL must start with https://.'),
  webhookUrlPrivate: () =>
    new AppError(
      422,
      'contacts.webhook_url_private_address',
      'A webhook URL must point to a public address, not to this machine or a private network.',
    ),
  webhookUrlPort: (ports: readonly number[]) =>
    new AppError(
      422,
      'contacts.webhook_url_port_not_allowed',
      `A webhook URL must use port ${ports.join(' or ')}.`,
    ),
  tooMany: (max: number) => new AppError(422, 'contacts.too_many', `A body has at most ${max} contacts.`),
  nothingToVerify: () =>
    new AppError(422, 'contacts.none_to_verify', 'There are no contacts to confirm; add some first.'),
};
