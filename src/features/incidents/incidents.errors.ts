import { AppError } from '../../platform/errors.js';

export const incidentErrors = {
  // Whatever the caller may not see does not exist for it: the same answer for "absent" and "not yours".
  notFound: () => new AppError(404, 'incidents.not_found', 'No such incident.'),
  unknownCategory: (category: string) =>
    new AppError(
      400,
      'incidents.unknown_category',
      `Unknown category '${category}'. Use a category of GET /api/v1/taxonomy, or an RSIT category/type.`,
    ),
  detectedInFuture: () => new AppError(400, 'incidents.detected_in_future', 'detectedAt lies in the future.'),
  detectedTooEarly: (earliest: string) =>
    new AppError(400, 'incidents.detected_too_early', `detectedAt must be on or after ${earliest}.`),
  alreadyFinal: () =>
    new AppError(409, 'incidents.already_final', 'The final report has been filed already.'),
  nothingToForward: () =>
    new AppError(409, 'incidents.not_awaiting_review', 'This incident is not waiting for your review.'),
  alreadySentBack: () =>
    new AppError(
      409,
      'incidents.already_sent_back',
      'This incident was sent back already and its reporting body has not answered yet.',
    ),
  noCenter: () => new AppError(409, 'orgs.no_center', 'No center is configured; reports have nowhere to go.'),
  badCursor: () =>
    new AppError(400, 'incidents.invalid_cursor', 'The cursor is not one this server gave out.'),
  cursorSortMismatch: (made: string, used: string) =>
    new AppError(
      400,
      'incidents.cursor_sort_mismatch',
      `This cursor pages the '${made}' order, not '${used}': start again without a cursor.`,
    ),
  // A missing exercise, one not being played and one the caller takes no part in: the same answer.
  exerciseUnknown: () =>
    new AppError(
      422,
      'incidents.exercise_unknown',
      'No exercise of this id is being played with your body taking part.',
    ),
  onBehalfRealData: () =>
    new AppError(
      400,
      'incidents.on_behalf_exercise_only',
      "Reports are filed on another body's behalf in exercises only (a simulated report).",
    ),
  onBehalfForbidden: () =>
    new AppError(
      403,
      'incidents.on_behalf_forbidden',
      "Only exercise control files a body's simulated report.",
    ),
  onBehalfUnknownBody: () =>
    new AppError(
      422,
      'incidents.on_behalf_unknown_body',
      'The body named for the simulated report does not exist.',
    ),
  includeAgenciesNeedsOrg: () =>
    new AppError(400, 'incidents.include_agencies_without_org', 'includeAgencies needs org (a ministry).'),
};
