import { AppError } from '../../platform/errors.js';
import { INDICATORS, type IndicatorKey, type IndicatorValue } from './annual.indicators.js';

// A configurable scoring: weights over the percentage indicators and grade thresholds. It is stored with the
// report, so that a grade can always be recomputed from the numbers and the formula printed beside it.

export interface Scoring {
  /** Weight (0–100) of each percentage indicator; those absent weigh nothing. */
  weights: Partial<Record<IndicatorKey, number>>;
  /** Grades from the best down, each with the least score (0–100) that earns it; below the last, the last. */
  grades: { grade: string; min: number }[];
}

export const DEFAULT_SCORING: Scoring = {
  weights: {
    quickReportOnTime: 40,
    finalReportsCompleted: 20,
    accountabilityOnTime: 20,
    contactStructureConfirmed: 20,
  },
  grades: [
    { grade: 'A', min: 90 },
    { grade: 'B', min: 75 },
    { grade: 'C', min: 60 },
    { grade: 'D', min: 0 },
  ],
};

const invalid = (message: string) => new AppError(400, 'annual.invalid_scoring', message);

/** The scoring as given, or a 400 `annual.invalid_scoring` naming what is wrong. */
export function validScoring(s: Scoring): Scoring {
  const weights = Object.entries(s.weights);
  for (const [key, w] of weights) {
    const def = INDICATORS[key as IndicatorKey];
    if (!def) throw invalid(`${key} is not an indicator.`);
    if (def.unit !== 'percent') throw invalid(`${key} is not a percentage: only percentages are weighed.`);
    if (!Number.isInteger(w) || (w as number) < 0 || (w as number) > 100)
      throw invalid(`The weight of ${key} must be a whole number from 0 to 100.`);
  }
  if (!weights.some(([, w]) => (w as number) > 0)) throw invalid('At least one weight must be above 0.');
  if (s.grades.length === 0) throw invalid('At least one grade is needed.');
  const names = new Set<string>();
  s.grades.forEach((g, i) => {
    if (!/^[A-Za-z0-9+-]{1,4}$/.test(g.grade))
      throw invalid(`Grade ${i + 1} must be 1–4 letters, digits, + or -.`);
    if (names.has(g.grade)) throw invalid(`Grade ${g.grade} is named twice.`);
    names.add(g.grade);
    if (!Number.isFinite(g.min) || g.min < 0 || g.min > 100)
      throw invalid(`The least score of grade ${g.grade} must be from 0 to 100.`);
    const before = s.grades[i - 1];
    if (before && g.min >= before.min)
      throw invalid('Grades must go from the best down, each below the one before.');
  });
  return s;
}

export interface Score {
  /** 0–100, rounded to 0.1; null when no weighed indicator has a value. */
  points: number | null;
  grade: string | null;
  /** The formula with this section's numbers in it. */
  formula: string;
}

/** The section's score and grade, and the formula that gave them. */
export function scoreOf(indicators: readonly IndicatorValue[], scoring: Scoring): Score {
  const byKey = new Map(indicators.map((i) => [i.key, i]));
  const terms = Object.entries(scoring.weights)
    .filter(([, w]) => (w ?? 0) > 0)
    .map(([key, w]) => ({ key, w: w as number, v: byKey.get(key as IndicatorKey)?.value ?? null }));
  const counted = terms.filter((t) => t.v !== null);
  const weight = counted.reduce((n, t) => n + t.w, 0);
  const thresholds = scoring.grades.map((g) => `${g.grade} ≥ ${g.min}`).join(', ');
  if (weight === 0)
    return { points: null, grade: null, formula: `no weighed indicator has a value (${thresholds})` };
  const sum = counted.reduce((n, t) => n + t.w * (t.v as number), 0);
  const points = Math.round((sum / weight) * 10) / 10;
  const grade = scoring.grades.find((g) => points >= g.min)?.grade ?? scoring.grades.at(-1)?.grade ?? null;
  const formula = `(${counted.map((t) => `${t.w}×${t.key}[${t.v}]`).join(' + ')}) ÷ ${weight} = ${points}; ${thresholds}`;
  return { points, grade, formula };
}
