import { situationTimingsRepository } from './situations.timings.repository.js';

export type {
  BodyFirstAnswer,
  BodyRequestTimes,
  ExerciseSituation,
} from './situations.timings.repository.js';

/** What the exercise report may know of an exercise's situations: when each was declared and answered, by whom. */
export const situationTimings = {
  /** The situations an exercise declared, in order of declaration. */
  ofExercise: situationTimingsRepository.ofExercise,
  /** Every in-scope body of these situations with its first roll-call answer (when, by which body). */
  firstAnswers: situationTimingsRepository.firstAnswers,
  /** Every addressed body of these situations' requests, with when it first acknowledged and completed, and any withdrawal. */
  requestTimes: situationTimingsRepository.requestTimes,
};
