import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { TLPS } from '../../../src/features/sharing/sharing.terms.js';
import { ApiError } from '../api.js';
import { formatDateTime, orgName } from '../format.js';
import { Pager } from '../incidents/Pager.js';
import { useLang } from '../lang.js';
import { followLink, incidentPath, sharePath } from '../router.js';
import { offers, type ScreenProps } from '../screen.js';
import { useChart } from '../ui/useChart.js';
import {
  type Cluster,
  clusterPath,
  correlationQueries,
  draftShares,
  type ShareDraft,
} from './correlation.api.js';
// Registers the graph series with ECharts (a side effect), in this lazy chunk.
import './graph.js';
import type { GraphOption } from './graph.js';
import './correlation.css';

/** The clusters list (`/correlations`) or one cluster (`/correlations/:id`). */
export function ClustersScreen(props: ScreenProps & { id?: string | undefined }) {
  return props.id === undefined ? (
    <ClusterList {...props} />
  ) : (
    <ClusterPage key={props.id} {...props} id={props.id} />
  );
}

function ClusterList({ navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const [size, setSize] = useState(50);
  // The cursors of the pages before this one: back is one fewer, forward one more.
  const [after, setAfter] = useState<string[]>([]);
  const query = useQuery({
    ...correlationQueries.clusters(size, after.at(-1) ?? null),
    placeholderData: keepPreviousData,
  });
  const page = query.data;
  return (
    <section aria-labelledby="clusters-heading">
      <h1 id="clusters-heading">{t('clusters.heading')}</h1>
      <p className="muted">{t('clusters.intro')}</p>
      {query.isPending ? null : query.isError || query.data.clusters.length === 0 ? (
        <p className="muted">{t('clusters.none')}</p>
      ) : (
        <div className="table-scroll">
          <table className="clusters">
            <thead>
              <tr>
                <th scope="col">{t('clusters.incidents')}</th>
                <th scope="col">{t('clusters.bodies')}</th>
                <th scope="col">{t('clusters.indicators')}</th>
                <th scope="col">{t('clusters.firstSeen')}</th>
                <th scope="col">{t('clusters.lastSeen')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('clusters.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {query.data.clusters.map((c) => (
                <tr key={c.id}>
                  <td>{c.incidentCount}</td>
                  <td>{c.bodies.map((b) => orgName(b, lang)).join('、')}</td>
                  <td>
                    {c.indicators.slice(0, 5).map((i) => (
                      <code key={`${i.type} ${i.value}`} className="cluster-value">
                        {i.display}
                      </code>
                    ))}
                    {c.indicatorCount > 5 ? ` +${c.indicatorCount - 5}` : ''}
                  </td>
                  <td>{formatDateTime(c.firstSeenAt, lang)}</td>
                  <td>{formatDateTime(c.lastSeenAt, lang)}</td>
                  <td>
                    <a href={clusterPath(c.id)} onClick={followLink(navigate, clusterPath(c.id))}>
                      {t('clusters.open')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && (page.total > 0 || after.length > 0) && (
        <Pager
          pageNumber={after.length + 1}
          size={size}
          shown={page.clusters.length}
          total={page.total}
          hasNext={page.nextCursor !== null}
          onPrevious={() => setAfter(after.slice(0, -1))}
          onNext={() => page.nextCursor && setAfter([...after, page.nextCursor])}
          onSize={(n) => {
            setSize(n);
            setAfter([]);
          }}
        />
      )}
    </section>
  );
}

function ClusterPage({ id, navigate, me }: ScreenProps & { id: string }) {
  const { t, lang } = useLang();
  const query = useQuery(correlationQueries.cluster(id));
  if (query.isPending) return null;
  if (query.isError) return <p className="error">{t('cluster.notFound')}</p>;
  const c = query.data;
  return (
    <article aria-labelledby="cluster-heading">
      <h1 id="cluster-heading">{t('cluster.heading', { n: c.incidents.length })}</h1>
      <p>
        {t('clusters.firstSeen')}: {formatDateTime(c.firstSeenAt, lang)} ／ {t('clusters.lastSeen')}:{' '}
        {formatDateTime(c.lastSeenAt, lang)}
      </p>
      <ClusterGraph cluster={c} />
      <section aria-labelledby="cluster-incidents">
        <h2 id="cluster-incidents">{t('cluster.incidents')}</h2>
        <ul>
          {c.incidents.map((i) => (
            <li key={i.id}>
              <a href={incidentPath(i.id)} onClick={followLink(navigate, incidentPath(i.id))}>
                {i.number} {i.title}
              </a>{' '}
              <span className="muted">({orgName(i.body, lang)})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="cluster-values">
        <h2 id="cluster-values">{t('clusters.indicators')}</h2>
        <ul>
          {c.indicators.map((i) => (
            <li key={`${i.type} ${i.value}`}>
              <code>{i.display}</code> <span className="muted">({i.incidentIds.length})</span>
            </li>
          ))}
        </ul>
      </section>
      {offers.compose(me) && <DraftShares cluster={c} navigate={navigate} />}
    </article>
  );
}

/** Incidents as nodes, the pairs sharing indicators as edges (labelled with how many values they share). */
function ClusterGraph({ cluster }: { cluster: Cluster }) {
  const { t } = useLang();
  const option = useMemo<GraphOption>(
    () => ({
      aria: {
        enabled: true,
        label: {
          description: t('cluster.graphAria', { n: cluster.incidents.length, m: cluster.links.length }),
        },
      },
      series: [
        {
          type: 'graph',
          layout: 'circular',
          animation: false,
          label: { show: true, position: 'right' },
          edgeLabel: {
            show: true,
            formatter: (p: { data?: unknown }) => String((p.data as { n: number }).n),
          },
          data: cluster.incidents.map((i) => ({ id: i.id, name: i.number, symbolSize: 18 })),
          links: cluster.links.map((l) => ({ source: l.a, target: l.b, n: l.shared.length })),
        },
      ],
    }),
    [cluster, t],
  );
  const box = useChart(option);
  return (
    <figure className="cluster-graph">
      <figcaption>{t('cluster.graph')}</figcaption>
      <div ref={box} className="chart" data-testid="cluster-graph" />
    </figure>
  );
}

function DraftShares({ cluster, navigate }: { cluster: Cluster; navigate: (path: string) => void }) {
  const { t } = useLang();
  const client = useQueryClient();
  const [tlp, setTlp] = useState<string>('TLP:AMBER');
  const [audience, setAudience] = useState<'ministries' | 'all'>('ministries');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ShareDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setDone(await draftShares(cluster.id, { tlp, audience: { kind: audience } }));
      void client.invalidateQueries({ queryKey: ['shares'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="cluster-draft">
      <h2 id="cluster-draft">{t('cluster.draft')}</h2>
      <p className="muted">{t('cluster.draftIntro')}</p>
      <form onSubmit={submit}>
        <label>
          {t('cluster.tlp')}{' '}
          <select value={tlp} onChange={(e) => setTlp(e.target.value)}>
            {TLPS.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('cluster.audience')}{' '}
          <select value={audience} onChange={(e) => setAudience(e.target.value as 'ministries' | 'all')}>
            <option value="ministries">{t('cluster.audience.ministries')}</option>
            <option value="all">{t('cluster.audience.all')}</option>
          </select>
        </label>{' '}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('cluster.drafting') : t('cluster.draft')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <div role="status">
          <p className="notice">{t('cluster.drafted', { n: done.shares.length })}</p>
          <ul>
            {done.shares.map((s, i) => (
              <li key={s.shareId}>
                <a href={sharePath(s.shareId)} onClick={followLink(navigate, sharePath(s.shareId))}>
                  {t('cluster.openShare', { n: i + 1 })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
