import { formatShortDateTime } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { followLink, situationPath, useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { AnswerBadge } from './AnswerBadge.js';
import { LevelBadge } from './LevelBadge.js';
import { refusalText } from './problemText.js';
import { coordinates } from './roles.js';
import { type Situation, type SituationState, situationQueries } from './situations.api.js';

const STATES: readonly SituationState[] = ['open', 'closed', 'all'];
const stateOf = (value: string | null): SituationState => STATES.find((s) => s === value) ?? 'open';

/** 事態一覧: the situations the reader may see, open ones first by default, with my body's answer. */
export function SituationList({ me, navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const [params, setParams] = useQueryState();
  const state = stateOf(params.get('state'));
  const list = useLoaded(situationQueries.list(state));
  const items = list.data?.items ?? null;

  const mine = (s: Situation) => {
    if (!s.myBody.inScope) return <span className="muted">{t('situations.mine.notAsked')}</span>;
    return <AnswerBadge status={s.myBody.answer?.status ?? 'unanswered'} />;
  };

  return (
    <section className="situations" aria-labelledby="situations-heading">
      <div className="section-head">
        <h1 id="situations-heading">{t('situations.heading')}</h1>
        {coordinates(me) && (
          <a
            className="button-link primary"
            href="/situations/new"
            onClick={followLink(navigate, '/situations/new')}
          >
            {t('situations.declare')}
          </a>
        )}
      </div>
      <fieldset className="segmented">
        <legend>{t('situations.state.legend')}</legend>
        {STATES.map((s) => (
          <span key={s} className="check">
            <input
              type="radio"
              id={`situations-state-${s}`}
              name="situations-state"
              checked={state === s}
              onChange={() => setParams(new URLSearchParams(s === 'open' ? {} : { state: s }), false)}
            />
            <label htmlFor={`situations-state-${s}`}>{t(`situations.state.${s}`)}</label>
          </span>
        ))}
      </fieldset>
      {list.error && !items ? (
        <p className="error" role="alert">
          {refusalText(t, list.error)}
        </p>
      ) : null}
      {items === null && !list.error ? <p className="muted">{t('common.loading')}</p> : null}
      {items?.length === 0 && <p>{t(`situations.empty.${state}`)}</p>}
      {items && items.length > 0 && (
        <table className="incidents situation-list">
          <caption className="visually-hidden">{t('situations.listLabel')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('situations.col.number')}</th>
              <th scope="col">{t('situations.col.name')}</th>
              <th scope="col">{t('situations.col.level')}</th>
              <th scope="col">{t('situations.col.declaredAt')}</th>
              <th scope="col">{t('situations.col.due')}</th>
              <th scope="col">{t('situations.col.mine')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => {
              const path = situationPath(s.id);
              return (
                <tr key={s.id} data-situation={s.number}>
                  <td data-label={t('situations.col.number')}>
                    <a href={path} onClick={followLink(navigate, path)}>
                      {s.number}
                    </a>
                  </td>
                  <th scope="row">
                    <a href={path} onClick={followLink(navigate, path)}>
                      {s.name}
                    </a>
                    {!s.open && <span className="badge stood-down">{t('situations.stoodDown')}</span>}
                  </th>
                  <td data-label={t('situations.col.level')}>
                    <LevelBadge level={s.level} />
                  </td>
                  <td data-label={t('situations.col.declaredAt')}>
                    <time dateTime={s.declaredAt}>{formatShortDateTime(s.declaredAt, lang)}</time>
                  </td>
                  <td data-label={t('situations.col.due')}>
                    <time dateTime={s.rollCallDueAt}>{formatShortDateTime(s.rollCallDueAt, lang)}</time>
                  </td>
                  <td data-label={t('situations.col.mine')}>{mine(s)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
