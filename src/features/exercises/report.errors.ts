import { AppError } from '../../platform/errors.js';

export const reportErrors = {
  // An exercise the caller may not see the report of does not exist for it: "absent" and "not yours" alike.
  notFound: () => new AppError(404, 'exercises.not_found', 'No such exercise.'),
  notEnded: () =>
    new AppError(409, 'exercises.not_ended', 'The exercise has not ended: its report cannot be final yet.'),
  alreadyFinal: () =>
    new AppError(409, 'exercises.report_final', 'The report of this exercise is final already.'),
  notFinal: () =>
    new AppError(409, 'exercises.not_final', "An exercise's data is purged only once its report is final."),
  purged: () => new AppError(409, 'exercises.purged', "This exercise's data has been purged already."),
  coordinatorsOnly: () =>
    new AppError(403, 'auth.forbidden', "Only the center's coordinators (exercise control) do this."),
};
