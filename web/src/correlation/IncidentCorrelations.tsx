import { useQuery } from '@tanstack/react-query';
import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import { clusterPath, correlationQueries } from './correlation.api.js';

/** The values of an incident that meet another incident the viewer reads (for the indicators' badges). */
export function useCorrelatedValues(incidentId: string): ReadonlyMap<string, number> {
  const query = useQuery(correlationQueries.ofIncident(incidentId));
  const counts = new Map<string, number>();
  for (const c of query.data?.correlations ?? [])
    for (const key of new Set(c.shared.map((s) => `${s.type} ${s.value}`)))
      counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** The incidents sharing indicators with this one, among those the viewer reads (the server decides which). */
export function IncidentCorrelations({
  incidentId,
  navigate,
}: {
  incidentId: string;
  navigate: (path: string) => void;
}) {
  const { t, lang } = useLang();
  const query = useQuery(correlationQueries.ofIncident(incidentId));
  if (query.isPending) return null;
  if (query.isError) return <p className="error">{t('correlation.loadFailed')}</p>;
  const { correlations, clusterId } = query.data;
  return (
    <section aria-labelledby="correlations-heading" className="incident-correlations">
      <h2 id="correlations-heading">{t('correlation.heading')}</h2>
      {correlations.length === 0 ? (
        <p className="muted">{t('correlation.none')}</p>
      ) : (
        <>
          <p className="muted">{t('correlation.intro')}</p>
          <ul>
            {correlations.map((c) => (
              <li key={c.incident.id}>
                <a
                  href={incidentPath(c.incident.id)}
                  onClick={followLink(navigate, incidentPath(c.incident.id))}
                >
                  {c.incident.number} {c.incident.title}
                </a>{' '}
                <span className="muted">
                  ({lang === 'ja' ? c.incident.body.nameJa : c.incident.body.nameEn})
                </span>
                <ul aria-label={t('correlation.shared')}>
                  {c.shared.map((s) => (
                    <li key={`${s.type} ${s.value} ${s.otherType} ${s.otherValue}`}>
                      <code>{s.display}</code> — {t(`correlation.kind.${s.kind}`)} —{' '}
                      <code>{s.otherDisplay}</code>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {clusterId && (
            <p>
              <a
                className="button-link"
                href={clusterPath(clusterId)}
                onClick={followLink(navigate, clusterPath(clusterId))}
              >
                {t('correlation.openCluster')}
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}
