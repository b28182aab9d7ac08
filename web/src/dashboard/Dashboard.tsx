import { useEffect, useEffectEvent } from 'react';
import { useLang } from '../lang.js';
import { useQueryState } from '../router.js';
import type { ScreenProps } from '../screen.js';
import './dashboard.css';
import { Headline } from './Headline.js';
import { LatestPanel } from './LatestPanel.js';
import { OrgTree } from './OrgTree.js';
import { Panels } from './Panels.js';
import { PeriodSwitch } from './PeriodSwitch.js';
import { describePeriod, isPeriod, type Period } from './period.js';
import { useDashboardData } from './useDashboardData.js';

/**
 * The center's view of the whole government for a period: counts, charts, the organization tree and the
 * latest reports, all kept current by the live stream without reloading the page.
 */
export function Dashboard({ feed, navigate, onIncidentsLoaded }: ScreenProps) {
  const { t, lang } = useLang();
  // The period lives in the address: a reload or a bookmark brings the same view back.
  const [query, setQuery] = useQueryState();
  const asked = query.get('period');
  const period: Period = isPeriod(asked) ? asked : 'today';
  const data = useDashboardData(period);
  const { stats, orgs, latest, error } = data;

  const loaded = useEffectEvent(onIncidentsLoaded);
  useEffect(() => {
    if (latest) loaded(latest);
  }, [latest]);

  const choose = (next: Period) => {
    const params = new URLSearchParams(query);
    params.set('period', next);
    setQuery(params);
  };

  return (
    <section aria-labelledby="dashboard-heading" className="dashboard">
      <h1 id="dashboard-heading">{t('dashboard.heading')}</h1>
      <div className="period-bar">
        <PeriodSwitch period={period} onChange={choose} />
        <p role="status" className="period-dates" data-testid="period-dates">
          {stats && !data.stale
            ? t('dashboard.period.shown', {
                period: t(`dashboard.period.${period}`),
                dates: describePeriod(stats, lang, t),
              })
            : t('dashboard.loading')}
        </p>
      </div>
      {error && (
        <p className="error" role="alert">
          {t('common.error', { code: error.code })}
        </p>
      )}
      {stats && (
        <div className={data.stale ? 'figures stale' : 'figures'} aria-busy={data.stale}>
          <Headline stats={stats} severeOpen={data.severeOpen} />
          <Panels stats={stats} orgs={orgs} />
        </div>
      )}
      <div className="lower">
        {orgs && stats && <OrgTree orgs={orgs} byOrg={stats.byOrg} navigate={navigate} />}
        {latest && <LatestPanel feed={feed} latest={latest} orgs={orgs} navigate={navigate} />}
      </div>
    </section>
  );
}
