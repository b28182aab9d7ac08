import { formatDateTime, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { checkPath, followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { campaignQueries } from './campaigns.api.js';
import { FiscalYearList } from './FiscalYearList.js';
import { useFiscalYear } from './FiscalYearPicker.js';
import { PendingChecks } from './PendingChecks.js';

/**
 * 連絡訓練: the communication checks of a fiscal year, and the test messages waiting for my acknowledgment.
 * Coordinators (and a ministry's security officer) start them; security officers read their bodies' results.
 */
export function CheckList({ me, navigate, feed }: ScreenProps) {
  const { t, lang } = useLang();
  const [year, setYear] = useFiscalYear();
  const list = useLoaded(campaignQueries.checks(year));

  return (
    <section aria-labelledby="checks-heading" className="admin campaigns">
      <h1 id="checks-heading">{t('checks.heading')}</h1>
      <p className="muted">{t('checks.intro')}</p>
      <PendingChecks feed={feed} navigate={navigate} />
      <FiscalYearList
        kind="check"
        me={me}
        year={year}
        onYear={setYear}
        list={list}
        startLabel={t('checks.start')}
        emptyText={t('checks.empty')}
        onStarted={(started) => {
          if (started.kind === 'check') navigate(checkPath(started.check.id), 'checks.started');
        }}
      >
        {(items) => (
          <ul className="campaign-list" aria-label={t('checks.listLabel')}>
            {items.map((c) => {
              const path = checkPath(c.id);
              return (
                <li key={c.id} className="card campaign">
                  <div className="campaign-head">
                    <h3>
                      <a href={path} onClick={followLink(navigate, path)}>
                        {c.name}
                      </a>
                    </h3>
                  </div>
                  <p className="campaign-meta">
                    <span>{t('checks.startedAt', { at: formatDateTime(c.startedAt, lang) })}</span>
                    {c.startedBy && (
                      <span>{t('campaigns.startedBy', { org: orgName(c.startedBy, lang) })}</span>
                    )}
                    <span>
                      {t('checks.answered', {
                        acknowledged: c.summary.acknowledged,
                        bodies: c.summary.bodies,
                      })}
                    </span>
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </FiscalYearList>
    </section>
  );
}
