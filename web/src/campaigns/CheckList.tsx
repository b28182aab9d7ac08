import { useRef, useState } from 'react';
import { adminApi } from '../admin/admin.api.js';
import { useResource } from '../admin/useResource.js';
import { formatDateTime, formatFiscalYear, orgName } from '../format.js';
import { useLang } from '../lang.js';
import { checkPath, followLink } from '../router.js';
import type { ScreenProps } from '../screen.js';
import { campaignsApi } from './campaigns.api.js';
import { FiscalYearPicker, useFiscalYear } from './FiscalYearPicker.js';
import { PendingChecks } from './PendingChecks.js';
import { refusalText } from './problemText.js';
import { runsCampaigns } from './roles.js';
import { StartDialog } from './StartDialog.js';

/**
 * 連絡訓練: the communication checks of a fiscal year, and the test messages waiting for my acknowledgment.
 * Coordinators (and a ministry's security officer) start them; security officers read their bodies' results.
 */
export function CheckList({ me, navigate, version, feed }: ScreenProps) {
  const { t, lang } = useLang();
  const [year, setYear] = useFiscalYear();
  const runs = runsCampaigns(me);
  const list = useResource((signal) => campaignsApi.checks(year, signal), [year, version]);
  const orgs = useResource((signal) => (runs ? adminApi.orgs(signal) : Promise.resolve(null)), [runs]);
  const [starting, setStarting] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const items = list.data?.items ?? [];

  return (
    <section aria-labelledby="checks-heading" className="admin campaigns">
      <h1 id="checks-heading">{t('checks.heading')}</h1>
      <p className="muted">{t('checks.intro')}</p>
      <PendingChecks feed={feed} navigate={navigate} version={version} />
      <div className="section-head">
        <FiscalYearPicker key={year} year={year} onChoose={setYear} />
        {runs && (
          <button type="button" className="primary" ref={opener} onClick={() => setStarting(true)}>
            {t('checks.start')}
          </button>
        )}
      </div>
      {starting && (
        <StartDialog
          kind="check"
          me={me}
          orgs={orgs.data?.items ?? []}
          onCancel={() => setStarting(false)}
          onStarted={(started) => {
            setStarting(false);
            if (started.kind === 'check') navigate(checkPath(started.check.id), 'checks.started');
          }}
        />
      )}
      <h2 className="list-heading">
        {formatFiscalYear(year, lang)}
        {list.data && <span className="muted small"> {t('campaigns.count', { n: items.length })}</span>}
      </h2>
      {list.error ? (
        <p className="error" role="alert">
          {refusalText(t, list.error)}
        </p>
      ) : !list.data ? (
        <p className="muted">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('checks.empty')}</p>
      ) : (
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
                    {t('checks.answered', { acknowledged: c.summary.acknowledged, bodies: c.summary.bodies })}
                  </span>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
