import { AppError } from '../../platform/errors.js';

export const shareErrors = {
  // Whatever the caller may not see does not exist for it: the same answer for "absent" and "not yours".
  notFound: () => new AppError(404, 'shares.not_found', 'No such share.'),
  unknownSource: (ids: string[]) =>
    new AppError(
      422,
      'shares.unknown_source',
      'A source incident does not exist or is not the center’s to share.',
      {
        incidentIds: ids,
      },
    ),
  unknownAttachment: (ids: string[]) =>
    new AppError(
      422,
      'shares.unknown_attachment',
      'An attachment does not exist or is not one of the share’s source incidents.',
      { attachmentIds: ids },
    ),
  attachmentNotFound: () =>
    new AppError(404, 'shares.attachment_not_found', 'No such attachment of this share.'),
  undeclaredSource: (ids: string[]) =>
    new AppError(
      422,
      'shares.undeclared_source',
      'This share quotes reports of bodies or names their indicators: make it from those incidents, so that their bodies consent.',
      { incidentIds: ids },
    ),
  publisherNotCoordinator: () =>
    new AppError(
      403,
      'shares.publisher_not_coordinator',
      'Only a center coordinator publishes an advisory of the center’s own.',
    ),
  publisherIsAuthor: () =>
    new AppError(
      403,
      'shares.publisher_is_author',
      'You wrote this advisory (drafted or changed it): another coordinator publishes it.',
    ),
  notAwaitingPublication: () =>
    new AppError(409, 'shares.not_awaiting_publication', 'This share is not waiting for publication.'),
  changedSinceRead: () =>
    new AppError(409, 'shares.changed', 'The share changed since you read it: read it again, then publish.'),
  sourcesNeedSeparateConsent: () =>
    new AppError(
      422,
      'shares.sources_need_separate_consent',
      'These incidents have different bodies to consent, and each would see the others’ reports in the request: make one share per body.',
    ),
  unknownOrg: (slugs: string[]) =>
    new AppError(422, 'shares.unknown_org', 'An audience body does not exist.', { orgs: slugs }),
  unknownUser: (emails: string[]) =>
    new AppError(422, 'shares.unknown_user', 'A named recipient is not an active user who may read shares.', {
      users: emails,
    }),
  redNeedsNamedUsers: () =>
    new AppError(
      422,
      'shares.red_needs_named_users',
      'TLP:RED goes to named people only: use audience kind "users".',
    ),
  namedUsersNeedRed: () =>
    new AppError(422, 'shares.named_users_need_red', 'An audience of named people is for TLP:RED only.'),
  emptyAudience: () =>
    new AppError(
      422,
      'shares.empty_audience',
      'The audience resolves to no body: nobody would receive this.',
    ),
  notPublished: () =>
    new AppError(409, 'shares.not_published', 'Only a published share has recipients to remind.'),
  allRead: () =>
    new AppError(409, 'shares.all_read', 'Every recipient has read this share: nobody to remind.'),
  remindedRecently: (retryAfterSeconds: number) =>
    new AppError(
      429,
      'shares.reminded_recently',
      'The recipients of this share were reminded a moment ago. Wait and try again.',
      { retryAfterSeconds },
    ),
  withdrawn: () => new AppError(409, 'shares.withdrawn', 'This share has been withdrawn; make a new one.'),
  notAnAdvisory: () =>
    new AppError(422, 'shares.not_an_advisory', 'Only an advisory asks whether its mitigation was applied.'),
  badDueDate: () =>
    new AppError(
      422,
      'shares.invalid_consent_due',
      'consentDueAt must lie in the future and within 30 days.',
    ),
  invalidIndicator: (index: number, type: string) =>
    new AppError(400, 'shares.invalid_indicator', `Indicator ${index} is not a valid ${type}.`, {
      fields: [`content.indicators.${index}.value`],
    }),
  nothingLeft: () =>
    new AppError(422, 'shares.empty_after_redaction', 'Redaction left the title or the body empty.'),
  badCursor: () => new AppError(400, 'shares.invalid_cursor', 'The cursor is not one this server gave out.'),
};

export const consentErrors = {
  notFound: () => new AppError(404, 'consent.not_found', 'No such consent request.'),
  superseded: () =>
    new AppError(
      409,
      'consent.superseded',
      'The share was changed after this request: answer the new request for it instead.',
    ),
  alreadyDecided: () =>
    new AppError(409, 'consent.already_decided', 'This consent request has been answered already.'),
  expired: () =>
    new AppError(
      409,
      'consent.expired',
      'The deadline of this consent request has passed; nothing was shared.',
    ),
  reasonRequired: () => new AppError(400, 'consent.reason_required', 'Say why you reject the request.'),
  looserTerms: (fields: string[]) =>
    new AppError(
      422,
      'consent.looser_terms',
      `Terms may only be stricter than asked; these are not: ${fields.join(', ')}.`,
      { fields },
    ),
  termsChanged: () =>
    new AppError(
      409,
      'consent.terms_changed',
      'The share changed since you read it: read it again, then decide.',
    ),
};

export const standingErrors = {
  notFound: () => new AppError(404, 'standing_consents.not_found', 'No such standing consent.'),
  alreadyRevoked: () =>
    new AppError(409, 'standing_consents.already_revoked', 'This standing consent has been revoked already.'),
};
