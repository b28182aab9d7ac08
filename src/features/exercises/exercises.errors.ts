import { AppError } from '../../platform/errors.js';

/** One problem of a scenario: which inject (index from 0; null for the scenario itself), which field, why. */
export interface ScenarioProblem {
  index: number | null;
  field: string | null;
  code: string;
  message: string;
}

export const exerciseErrors = {
  // An exercise is exercise control's alone: for everyone else it does not exist.
  notFound: () => new AppError(404, 'exercises.not_found', 'No such exercise.'),
  controlOnly: () =>
    new AppError(403, 'auth.forbidden', "Exercises are run by the center's coordinators (exercise control)."),
  scenarioInvalid: (problems: ScenarioProblem[]) =>
    new AppError(
      422,
      'exercises.scenario_invalid',
      `The scenario has ${problems.length} problem(s): ${problems
        .slice(0, 5)
        .map((p) => `${p.index === null ? '' : `inject ${p.index}: `}${p.field ?? ''} ${p.message}`.trim())
        .join('; ')}`,
      { problems },
    ),
  notDraft: () => new AppError(409, 'exercises.not_draft', 'Only a draft exercise is edited or started.'),
  notRunning: () => new AppError(409, 'exercises.not_running', 'The exercise is not running.'),
  notPaused: () => new AppError(409, 'exercises.not_paused', 'The exercise is not paused.'),
  notLive: () => new AppError(409, 'exercises.not_live', 'Only a running or paused exercise is ended.'),
  stale: () =>
    new AppError(409, 'exercises.version_conflict', 'The exercise changed since you read it; read it again.'),
  sourceMissing: () =>
    new AppError(
      400,
      'exercises.scenario_missing',
      'Give the scenario as an object or as the text of a file (one of them).',
    ),
};
