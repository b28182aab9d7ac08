import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Pager } from '../incidents/Pager.js';
import { useLang } from '../lang.js';
import { followLink, incidentPath } from '../router.js';
import { CORRELATIONS_PAGE, type Correlations, clusterPath, correlationQueries } from './correlation.api.js';

/** The values shared with one correlated incident after those its entry shows, on demand, a page at a time. */
function MoreShared({
  incidentId,
  otherId,
  first,
  left,
}: {
  incidentId: string;
  otherId: string;
  first: string;
  left: number;
}) {
  const { t } = useLang();
  const [open, setOpen] = useState(false);
  const query = useInfiniteQuery({
    ...correlationQueries.sharedWith(incidentId, otherId, first),
    enabled: open,
  });
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('correlation.showMore', { n: left })}
      </button>
    );
  if (query.isError) return <p className="error">{t('correlation.loadFailed')}</p>;
  const shared = query.data?.pages.flatMap((p) => p.shared) ?? [];
  return (
    <>
      <SharedList shared={shared} />
      {query.hasNextPage && (
        <button type="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t('correlation.showMore', { n: left - shared.length })}
        </button>
      )}
    </>
  );
}

function SharedList({ shared }: { shared: Correlations['correlations'][number]['shared'] }) {
  const { t } = useLang();
  return (
    <ul aria-label={t('correlation.shared')}>
      {shared.map((s) => (
        <li key={`${s.type} ${s.value} ${s.otherType} ${s.otherValue}`}>
          <code>{s.display}</code> — {t(`correlation.kind.${s.kind}`)} — <code>{s.otherDisplay}</code>
        </li>
      ))}
    </ul>
  );
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
  const [size, setSize] = useState<number>(CORRELATIONS_PAGE);
  // The cursors of the pages before this one: back is one fewer, forward one more.
  const [after, setAfter] = useState<string[]>([]);
  const query = useQuery({
    ...correlationQueries.ofIncident(incidentId, size, after.at(-1) ?? null),
    placeholderData: keepPreviousData,
  });
  if (query.isPending) return null;
  if (query.isError) return <p className="error">{t('correlation.loadFailed')}</p>;
  const { correlations, clusterId, total, nextCursor } = query.data;
  return (
    <section aria-labelledby="correlations-heading" className="incident-correlations">
      <h2 id="correlations-heading">{t('correlation.heading')}</h2>
      {total === 0 ? (
        <p className="muted">{t('correlation.none')}</p>
      ) : (
        <>
          <p className="muted">{t('correlation.intro')}</p>
          {/* Busy while another page loads: the entries are still the page before. */}
          <ul aria-busy={query.isPlaceholderData || undefined}>
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
                <SharedList shared={c.shared} />
                {c.sharedNextCursor && (
                  <MoreShared
                    incidentId={incidentId}
                    otherId={c.incident.id}
                    first={c.sharedNextCursor}
                    left={c.sharedTotal - c.shared.length}
                  />
                )}
              </li>
            ))}
          </ul>
          {(after.length > 0 || nextCursor !== null) && (
            <Pager
              pageNumber={after.length + 1}
              size={size}
              shown={correlations.length}
              total={total}
              hasNext={nextCursor !== null}
              onPrevious={() => setAfter(after.slice(0, -1))}
              onNext={() => {
                if (nextCursor) setAfter([...after, nextCursor]);
              }}
              onSize={(n) => {
                setSize(n);
                setAfter([]);
              }}
            />
          )}
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
