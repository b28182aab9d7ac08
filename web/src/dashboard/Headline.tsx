import { useLang } from '../lang.js';
import type { DashboardData } from './useDashboardData.js';

/** The period's counts at a glance; open critical and high incidents stand out when there are any. */
export function Headline({ stats, severeOpen }: Pick<DashboardData, 'stats' | 'severeOpen'>) {
  const { t } = useLang();
  if (!stats) return null;
  const severe = severeOpen ? severeOpen.critical + severeOpen.high : null;
  const count = (n: number) => t('dashboard.count', { n });
  return (
    <section aria-labelledby="headline-heading">
      <h2 id="headline-heading">{t('dashboard.headline.heading')}</h2>
      <dl className="headline">
        <div className="figure" data-testid="headline-total">
          <dt>{t('dashboard.headline.total')}</dt>
          <dd>{count(stats.total)}</dd>
        </div>
        <div className="figure" data-testid="headline-open">
          <dt>{t('dashboard.headline.open')}</dt>
          <dd>{count(stats.open)}</dd>
        </div>
        <div className="figure" data-testid="headline-final">
          <dt>{t('dashboard.headline.final')}</dt>
          <dd>{count(stats.final)}</dd>
        </div>
        {severeOpen && severe !== null && (
          <div className={`figure${severe > 0 ? ' severe' : ''}`} data-testid="headline-severe">
            <dt>{t('dashboard.headline.severeOpen')}</dt>
            <dd>
              {count(severe)}
              <small>{t('dashboard.headline.severeDetail', severeOpen)}</small>
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}
