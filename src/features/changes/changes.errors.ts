import { AppError } from '../../platform/errors.js';

export const changeErrors = {
  notFound: () => new AppError(404, 'changes.not_found', 'No such change.'),
  alreadyDecided: () =>
    new AppError(
      409,
      'changes.already_decided',
      'This change has already been confirmed, rejected or expired.',
    ),
  expired: () => new AppError(409, 'changes.expired', 'This change waited too long and has expired.'),
  alreadyPending: () =>
    new AppError(
      409,
      'changes.already_pending',
      'A change of the same person or contact is already waiting for confirmation.',
    ),
  noConfirmer: () =>
    new AppError(
      409,
      'changes.no_confirmer',
      'Nobody could confirm this change: the body has no other active security officer, and no second administrator may confirm it.',
    ),
  aboutRequester: () =>
    new AppError(
      422,
      'changes.about_requester',
      'You cannot ask for a role or a contact for yourself (this account, or another with your e-mail address).',
    ),
  ownRequest: () =>
    new AppError(403, 'changes.own_request', 'Nobody confirms their own request; someone else must.'),
  samePerson: () =>
    new AppError(
      403,
      'changes.same_person',
      'This change was asked by, or is about, an account with your e-mail address: someone else must confirm it.',
    ),
  grantedByRequester: () =>
    new AppError(
      403,
      'changes.granted_by_requester',
      'Your account or role was given at the request of the same person: someone else must confirm it.',
    ),
  stale: () =>
    new AppError(
      409,
      'changes.stale',
      'What this change was asked about has changed since the request; reject it and ask again.',
    ),
  notConfirmer: (by: string) =>
    new AppError(
      403,
      'changes.not_confirmer',
      by === 'body'
        ? "Only the body's own security officer confirms this change."
        : 'Only another administrator confirms this change.',
    ),
};
