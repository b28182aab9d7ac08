import { AppError } from '../../platform/errors.js';

export const situationErrors = {
  // A situation the caller may not see does not exist for it: the same answer for "absent" and "not yours".
  notFound: () => new AppError(404, 'situations.not_found', 'No such situation.'),
  // A body whose answers the caller may not read, or that is not in scope, is not there for it.
  bodyNotFound: () =>
    new AppError(404, 'situations.body_not_found', 'No such body in the scope of this situation.'),
  unknownLevel: (level: string) =>
    new AppError(422, 'situations.unknown_level', `Unknown posture level '${level}'.`, { level }),
  unknownBody: () =>
    new AppError(
      422,
      'situations.unknown_body',
      'A body named in the scope does not exist (or is the center, which is never in scope).',
    ),
  emptyScope: () => new AppError(422, 'situations.empty_scope', 'The scope holds no body.'),
  scopeInvalid: (why: string) => new AppError(400, 'situations.scope_invalid', why),
  incidentUnknown: () =>
    new AppError(
      422,
      'situations.incident_unknown',
      'No such incident: it must be one the center received (for a declaration), or one of the answered body that the answering body reads (for an answer); of the same exercise as the situation, or real for a real one.',
    ),
  exerciseUnknown: () =>
    new AppError(422, 'situations.exercise_unknown', 'No exercise of this id is being played.'),
  stoodDown: () => new AppError(409, 'situations.stood_down', 'This situation has been stood down.'),
  sameLevel: () => new AppError(409, 'situations.same_level', 'The situation is at this level already.'),
  boardForbidden: () =>
    new AppError(
      403,
      'situations.board_forbidden',
      "The board is the center's and each ministry's (for itself and its agencies).",
    ),
  answerForbidden: () =>
    new AppError(
      403,
      'situations.answer_forbidden',
      'You answer the roll-call for your own body in scope, or as a ministry for its agencies in scope.',
    ),
  roleForbidden: () =>
    new AppError(403, 'auth.forbidden', 'Your role sees no situation content (the audit log records it).'),
  coordinatorsOnly: () =>
    new AppError(403, 'auth.forbidden', "Only the center's coordinators declare and direct situations."),
};
