import { useQuery } from '@tanstack/react-query';
import { useLang } from '../lang.js';
import { followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { type Situation, situationsApi } from '../situations/situations.api.js';

/** An exercise as its data carries it. */
export interface ExerciseMark {
  id: string;
  number: string;
  name: string;
}

/**
 * The prominent banner of a screen that shows exercise data (an exercise's situation or incident, the exercises'
 * own screens), with the exercise's number and name when the screen has them.
 */
export function ExerciseBanner({ exercise }: { exercise: Partial<ExerciseMark> | null | undefined }) {
  const { t } = useLang();
  if (!exercise) return null;
  return (
    <section className="exercise-banner" aria-label={t('marks.exercise.label')}>
      <strong>{t('marks.exercise.banner')}</strong>
      {exercise.number ? (
        <span>{t('marks.exercise.which', { number: exercise.number, name: exercise.name ?? '' })}</span>
      ) : null}
    </section>
  );
}

/**
 * The open exercise situations the user's body sees (one query; refreshed with the situations' lists by their
 * live events, see liveQueries.ts).
 */
export const openExerciseSituations = {
  queryKey: ['situations', 'list', 'exercises'] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) => situationsApi.openExercises(signal),
};

/** The thin banner of every screen while an exercise situation the user's body is in scope of is open. */
export function ExerciseUnderWay({
  enabled,
  navigate,
}: {
  enabled: boolean;
  navigate: ScreenProps['navigate'];
}) {
  const { t } = useLang();
  const found = useQuery({ ...openExerciseSituations, enabled, staleTime: 60_000 });
  const open: Situation[] = found.data?.items ?? [];
  const first = open[0];
  if (!first?.exercise) return null;
  const path = `/situations/${encodeURIComponent(first.id)}`;
  return (
    <p className="exercise-under-way" role="note" aria-label={t('marks.exercise.label')}>
      <a href={path} onClick={followLink(navigate, path)}>
        {t('marks.exercise.open', { number: first.exercise.number, name: first.exercise.name })}
      </a>
      {open.length > 1 ? ` ${t('marks.exercise.openMore', { n: open.length - 1 })}` : null}
    </p>
  );
}
