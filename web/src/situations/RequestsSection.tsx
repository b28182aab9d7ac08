import { useState } from 'react';
import type { Me } from '../api.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { Time } from '../ui/Badges.js';
import { refusalText } from './problemText.js';
import { RequestForm } from './RequestForm.js';
import { RequestMoves } from './RequestMoves.js';
import { RequestNotes } from './RequestNotes.js';
import { RequestsAmend } from './RequestsAmend.js';
import { requestQueries, STATES } from './RequestsApi.js';
import { coordinates } from './roles.js';
import type { Situation } from './situations.api.js';

/**
 * 要請: first the requests the reader's body (or, for a ministry, its agencies) must act on, with big buttons;
 * then every request the reader sees with the count per state and the overdue bodies (highlighted), and the
 * completion notes of the states it sees; the center's coordinators move a due time, withdraw one (confirmed),
 * and issue new ones. Live events keep it current (the situation's queries, liveQueries.ts).
 */
export function RequestsSection({ s, me }: { s: Situation; me: Me }) {
  const { t } = useLang();
  const found = useLoaded(requestQueries.list(s.id));
  const [issued, setIssued] = useState<string | null>(null);
  const [changed, setChanged] = useState('');
  const items = found.data?.items ?? null;
  const toAct = (items ?? []).filter((r) => r.mayMoveFor.length > 0);
  return (
    <section className="situation-requests" aria-labelledby="requests-heading">
      <h2 id="requests-heading">{t('situations.requests.heading')}</h2>
      {found.error !== null && items === null && (
        <p className="error" role="alert">
          {refusalText(t, found.error)}
        </p>
      )}
      {toAct.map((r) => (
        <RequestMoves key={r.id} situationId={s.id} r={r} />
      ))}
      {items && items.length === 0 && <p className="muted">{t('situations.requests.none')}</p>}
      {items && items.length > 0 && (
        <div className="table-scroll">
          <table className="requests-table">
            <caption>{t('situations.requests.progress')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('situations.requests.number')}</th>
                <th scope="col">{t('situations.requests.title')}</th>
                <th scope="col">{t('situations.requests.due')}</th>
                {STATES.map((state) => (
                  <th key={state} scope="col">
                    {t(`situations.requests.state.${state}`)}
                  </th>
                ))}
                <th scope="col">{t('situations.requests.overdueBodies')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} className={r.overdueBodies.length > 0 ? 'request-overdue' : undefined}>
                  <td>{r.number}</td>
                  <td>
                    {r.title}
                    {r.withdrawnAt && <span className="muted"> {t('situations.requests.withdrawn')}</span>}
                  </td>
                  <td>
                    <Time at={r.dueAt} />
                  </td>
                  {STATES.map((state) => (
                    <td key={state}>{r.counts[state]}</td>
                  ))}
                  <td>
                    {r.overdueBodies.length > 0 ? (
                      <strong className="overdue-mark">
                        {t('situations.requests.overdue')} {r.overdueBodies.map((b) => b.name).join('、')}
                      </strong>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {items && <RequestNotes items={items} />}
      {coordinates(me) && s.open && (
        <>
          <p role="status">{changed}</p>
          {(items ?? [])
            .filter((r) => r.withdrawnAt === null)
            .map((r) => (
              <RequestsAmend key={r.id} situationId={s.id} r={r} onDone={setChanged} />
            ))}
          <p role="status">{issued ? t('situations.requests.issued', { number: issued }) : ''}</p>
          <RequestForm s={s} onIssued={setIssued} />
        </>
      )}
    </section>
  );
}
