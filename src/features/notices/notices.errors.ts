import { AppError, commonErrors } from '../../platform/errors.js';

export const noticeErrors = {
  incidentNotFound: () => commonErrors.notFound('incidents.not_found', 'No such incident.'),
  trackNotFound: () =>
    commonErrors.notFound('notices.track_not_found', 'This incident has no accountability track.'),
  notFound: () => commonErrors.notFound('notices.not_found', 'No such notice.'),
  versionNotFound: () => commonErrors.notFound('notices.version_not_found', 'No such version of the notice.'),
  trackExists: () =>
    commonErrors.conflict('notices.track_exists', 'This incident already has an accountability track.'),
  exercise: () =>
    commonErrors.unprocessable(
      'notices.exercise',
      'An exercise incident is never explained to the public: its data stays in the exercise.',
    ),
  stale: (revision: number) =>
    new AppError(
      409,
      'notices.stale',
      `It has changed since (revision ${revision} now): read it again and retry.`,
      {
        revision,
      },
    ),
  notDraft: (status: string) =>
    new AppError(
      409,
      'notices.not_draft',
      `This version is ${status}: only a draft is changed or approved.`,
      {
        versionStatus: status,
      },
    ),
  notApproved: () =>
    commonErrors.conflict(
      'notices.not_approved',
      'This version has not been approved: the body’s approver, who did not write it, approves it first.',
    ),
  ownDraft: () =>
    new AppError(
      403,
      'notices.own_draft',
      'You wrote or changed this version: someone else, the body’s approver, approves it (four eyes).',
    ),
  notDecided: () =>
    commonErrors.conflict(
      'notices.not_decided',
      'The body has not decided to explain this incident to the public: record the decision (publish) first.',
    ),
  withdrawn: () =>
    commonErrors.conflict('notices.withdrawn', 'This notice was withdrawn: it is never published again.'),
  notPublished: () => commonErrors.conflict('notices.not_published', 'This notice has not been published.'),
  openVersion: () =>
    commonErrors.conflict(
      'notices.open_version',
      'A version of this notice is still being drafted or waits for publication: finish it first.',
    ),
  invisibleCharacters: (field: string) =>
    commonErrors.badRequest(
      'text.invisible_characters',
      `${field} contains invisible or format characters (zero-width spaces, joiners, bidirectional controls), which change what a reader sees without being seen.`,
    ),
};
