import type { IncidentDetail } from '../api.js';
import { orgName } from '../format.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { categoryLabel } from '../report/rsit.js';
import { SeverityBadge, TlpWithMeaning } from '../ui/Badges.js';
import { IncidentFormFacts } from './IncidentFormFacts.js';
import { IncidentImpact } from './IncidentImpact.js';

/** Where the incident stands now (the fold of all its reports): status, severity, category, TLP, impact. */
export function IncidentFacts({ detail }: { detail: IncidentDetail }) {
  const { t, lang } = useLang();
  const statusKey = `detail.status.${detail.status}`;
  return (
    <dl className="facts incident-facts">
      <dt>{t('detail.status')}</dt>
      <dd>
        <span className={`badge status-${detail.status}`} data-testid="incident-status">
          {isMessageKey(statusKey) ? t(statusKey) : detail.status}
        </span>
      </dd>
      <dt>{t('detail.org')}</dt>
      <dd>{orgName(detail.org, lang)}</dd>
      <dt>{t('detail.severity')}</dt>
      <dd>
        <SeverityBadge severity={detail.severity} />
      </dd>
      <dt>{t('detail.category')}</dt>
      <dd>
        {detail.category ? (
          <>
            {categoryLabel(t, detail.category)} <code className="muted">{detail.category}</code>
          </>
        ) : (
          t('common.none')
        )}
      </dd>
      <dt>{t('detail.tlp')}</dt>
      <dd>
        <TlpWithMeaning tlp={detail.tlp} />
      </dd>
      <dt>{t('detail.affectedSystems')}</dt>
      <dd>
        {detail.affectedSystems.length === 0 ? (
          t('common.none')
        ) : (
          <ul className="plain-list">
            {detail.affectedSystems.map((system, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: names may repeat; the list is replaced whole.
              <li key={i}>{system}</li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('detail.impact')}</dt>
      <dd>
        <IncidentImpact impact={detail.impact} />
      </dd>
      <IncidentFormFacts detail={detail} />
    </dl>
  );
}
