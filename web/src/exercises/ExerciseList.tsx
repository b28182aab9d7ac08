import { formatShortDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { exercisePath, exerciseReportPath, followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { exerciseQueries } from './exercises.api.js';
import { refusalOf } from './refusal.js';

/** 訓練一覧: every exercise, newest first, with its status, times and how many injects have played. */
export function ExerciseList({ navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const list = useLoaded(exerciseQueries.list());
  const items = list.data?.items ?? null;
  const when = (iso: string | null) => (iso ? formatShortDateTime(iso, lang) : '—');
  return (
    <section className="exercises" aria-labelledby="exercises-heading">
      <div className="section-head">
        <h1 id="exercises-heading">{t('exercises.heading')}</h1>
        <a
          className="button-link primary"
          href="/exercises/new"
          onClick={followLink(navigate, '/exercises/new')}
        >
          {t('exercises.new')}
        </a>
      </div>
      <p className="muted">{t('exercises.intro')}</p>
      {list.error && !items ? (
        <p className="error" role="alert">
          {refusalOf(t, list.error)}
        </p>
      ) : null}
      {items === null && !list.error ? <p className="muted">{t('common.loading')}</p> : null}
      {items?.length === 0 && <p>{t('exercises.none')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="incidents">
            <caption className="visually-hidden">{t('exercises.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('exercises.col.number')}</th>
                <th scope="col">{t('exercises.col.name')}</th>
                <th scope="col">{t('exercises.col.status')}</th>
                <th scope="col">{t('exercises.col.started')}</th>
                <th scope="col">{t('exercises.col.ended')}</th>
                <th scope="col">{t('exercises.col.injects')}</th>
                <th scope="col">{t('exercises.col.links')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td>{e.number}</td>
                  <th scope="row">
                    <a href={exercisePath(e.id)} onClick={followLink(navigate, exercisePath(e.id))}>
                      {e.name}
                    </a>
                  </th>
                  <td>{t(`exercises.status.${e.status}`)}</td>
                  <td>{when(e.startedAt)}</td>
                  <td>{when(e.endedAt)}</td>
                  <td>
                    {e.playedCount} / {e.injectCount}
                  </td>
                  <td>
                    <a
                      href={exercisePath(e.id)}
                      onClick={followLink(navigate, exercisePath(e.id))}
                      aria-label={`${t('exercises.control')} ${e.number}`}
                    >
                      {t('exercises.control')}
                    </a>
                    {e.status !== 'draft' && (
                      <>
                        {' · '}
                        <a
                          href={exerciseReportPath(e.id)}
                          onClick={followLink(navigate, exerciseReportPath(e.id))}
                          aria-label={`${t('exercises.report')} ${e.number}`}
                        >
                          {t('exercises.report')}
                        </a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
