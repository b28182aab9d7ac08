import { useEffect, useEffectEvent, useState } from 'react';
import { ApiError, api, type Incident, type IncidentList as List } from '../api.js';
import { orgName } from '../format.js';
import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { SeverityBadge, Time, TlpBadge } from '../ui/Badges.js';

const SEARCH_DELAY_MS = 250;

/** The incidents the user may see, newest first, with a search box; reloads whenever `version` changes. */
export function IncidentList({ version, feed, navigate, onIncidentsLoaded }: ScreenProps) {
  const { t } = useLang();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [list, setList] = useState<List | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const loaded = useEffectEvent(onIncidentsLoaded);
  const fresh = new Set(feed.filter((e) => e.type === 'incident.reported').map((e) => e.incidentId ?? ''));

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the signal to load again.
  useEffect(() => {
    const abort = new AbortController();
    api.incidents(q, abort.signal).then(
      (found) => {
        setList(found);
        setError(null);
        loaded(found.items);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof ApiError ? e : new ApiError(0, 'network', ''));
      },
    );
    return () => abort.abort();
  }, [q, version]);

  return (
    <section aria-labelledby="list-heading">
      <div className="section-head">
        <h1 id="list-heading">{t('list.heading')}</h1>
        {list && (
          <p className="muted" aria-live="polite">
            {t('list.count', { n: list.total })}
          </p>
        )}
      </div>
      <search className="search">
        <label htmlFor="incident-search">{t('list.search')}</label>
        <input
          id="incident-search"
          type="search"
          value={typed}
          aria-describedby="incident-search-hint"
          onChange={(e) => setTyped(e.target.value)}
        />
        <small id="incident-search-hint" className="muted">
          {t('list.searchHint')}
        </small>
      </search>
      {error ? (
        <p className="error" role="alert">
          {error.status === 403 ? t('list.forbidden') : t('common.error', { code: error.code })}
        </p>
      ) : !list ? (
        <p className="muted">{t('common.loading')}</p>
      ) : list.items.length === 0 ? (
        <p className="muted">{t('list.empty')}</p>
      ) : (
        <table className="incidents">
          <thead>
            <tr>
              <th scope="col">{t('list.org')}</th>
              <th scope="col">{t('list.title')}</th>
              <th scope="col">{t('list.severity')}</th>
              <th scope="col">{t('list.tlp')}</th>
              <th scope="col">{t('list.reportedAt')}</th>
              <th scope="col">{t('list.ministry')}</th>
              <th scope="col">{t('list.center')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((incident) => (
              <Row key={incident.id} incident={incident} fresh={fresh.has(incident.id)} navigate={navigate} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Row({
  incident,
  fresh,
  navigate,
}: {
  incident: Incident;
  fresh: boolean;
  navigate: (path: string) => void;
}) {
  const { t, lang } = useLang();
  const { chain } = incident;
  const path = incidentPath(incident.id);
  return (
    <tr className={fresh ? 'fresh' : undefined}>
      <td data-label={t('list.org')}>{orgName(incident.org, lang)}</td>
      <th scope="row" data-label={t('list.title')}>
        <a href={path} onClick={followLink(navigate, path)}>
          {incident.title}
        </a>
      </th>
      <td data-label={t('list.severity')}>
        <SeverityBadge severity={incident.severity} />
      </td>
      <td data-label={t('list.tlp')}>
        <TlpBadge tlp={incident.tlp} />
      </td>
      <td data-label={t('list.reportedAt')}>
        <Time at={chain.reportedAt} />
      </td>
      <td data-label={t('list.ministry')}>
        {incident.org.kind !== 'agency' ? (
          <span className="muted">{t('list.notApplicable')}</span>
        ) : (
          <Received at={chain.ministryReceivedAt} />
        )}
      </td>
      <td data-label={t('list.center')}>
        {chain.centerReceivedAt === null && chain.awaitingReview ? (
          <span className="state waiting">{t('list.awaitingReview')}</span>
        ) : (
          <Received at={chain.centerReceivedAt} />
        )}
      </td>
    </tr>
  );
}

function Received({ at }: { at: string | null }) {
  const { t } = useLang();
  if (!at) return <span className="state pending">{t('list.notReceived')}</span>;
  return (
    <span className="state done">
      {t('list.received')} <Time at={at} />
    </span>
  );
}
