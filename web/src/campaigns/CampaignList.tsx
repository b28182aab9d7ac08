import { formatDate, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { useLoaded } from '../queries.js';
import { campaignPath, followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { CampaignProgress } from './CampaignProgress.js';
import { ConfirmMine, mineOf } from './ConfirmMine.js';
import { campaignQueries } from './campaigns.api.js';
import { FiscalYearList } from './FiscalYearList.js';
import { useFiscalYear } from './FiscalYearPicker.js';
import { runsCampaigns } from './roles.js';

/**
 * 連絡体制の確認: the campaigns of a fiscal year. Coordinators (and a ministry's security officer) start them
 * and follow their progress; a body's security officer sees those that ask its body and confirms.
 */
export function CampaignList({ me, navigate }: ScreenProps) {
  const { t, lang } = useLang();
  const [year, setYear] = useFiscalYear();
  const runs = runsCampaigns(me);
  const list = useLoaded(campaignQueries.campaigns(year));

  return (
    <section aria-labelledby="campaigns-heading" className="admin campaigns">
      <h1 id="campaigns-heading">{t('campaigns.heading')}</h1>
      <p className="muted">{t('campaigns.intro')}</p>
      <FiscalYearList
        kind="campaign"
        me={me}
        year={year}
        onYear={setYear}
        list={list}
        startLabel={t('campaigns.start')}
        emptyText={t('campaigns.empty')}
        onStarted={(started) => {
          if (started.kind === 'campaign') navigate(campaignPath(started.campaign.id), 'campaigns.started');
        }}
      >
        {(items) => (
          <ul className="campaign-list" aria-label={t('campaigns.listLabel')}>
            {items.map((c) => {
              const mine = mineOf(me, c);
              const path = campaignPath(c.id);
              return (
                <li key={c.id} className="card campaign">
                  <div className="campaign-head">
                    <h3>
                      <a href={path} onClick={followLink(navigate, path)}>
                        {c.name}
                      </a>
                    </h3>
                    <span className={`badge status-${c.status}`}>{t(`campaigns.status.${c.status}`)}</span>
                    {mine && (
                      <span className={`badge ${mine.confirmed ? 'done' : 'open'}`}>
                        {t(mine.confirmed ? 'campaigns.mine.confirmed' : 'campaigns.mine.pending')}
                      </span>
                    )}
                  </div>
                  <p className="campaign-meta">
                    <span>
                      {t('campaigns.deadline', { date: formatDate(`${c.deadline}T12:00:00`, lang) })}
                    </span>
                    {c.startedBy && (
                      <span>{t('campaigns.startedBy', { org: orgName(c.startedBy, lang) })}</span>
                    )}
                  </p>
                  {c.counts.bodies > 1 || runs ? <CampaignProgress counts={c.counts} /> : null}
                  <ConfirmMine me={me} campaign={c} onConfirmed={list.reload} navigate={navigate} />
                </li>
              );
            })}
          </ul>
        )}
      </FiscalYearList>
    </section>
  );
}
