import { useLang } from '../lang.js';
import { categoryLabel } from '../report/rsit.js';
import { SeverityBadge, TlpBadge } from '../ui/Badges.js';
import { IncidentImpact } from './IncidentImpact.js';

/** What a follow-up changed beyond its text: severity, category, TLP, affected systems, impact. */
export function IncidentChanges({ body }: { body: Record<string, unknown> }) {
  const { t } = useLang();
  const { severity, category, tlp, affectedSystems, impact } = body;
  const systems = Array.isArray(affectedSystems)
    ? affectedSystems.filter((s): s is string => typeof s === 'string')
    : null;
  if (!severity && !category && !tlp && !systems && !impact) return null;
  return (
    <dl className="facts changes">
      {typeof severity === 'string' && (
        <>
          <dt>{t('detail.severity')}</dt>
          <dd>
            <SeverityBadge severity={severity} />
          </dd>
        </>
      )}
      {typeof category === 'string' && (
        <>
          <dt>{t('detail.category')}</dt>
          <dd>{categoryLabel(t, category)}</dd>
        </>
      )}
      {typeof tlp === 'string' && (
        <>
          <dt>{t('detail.tlp')}</dt>
          <dd>
            <TlpBadge tlp={tlp} />
          </dd>
        </>
      )}
      {systems && (
        <>
          <dt>{t('detail.affectedSystems')}</dt>
          <dd>
            <ul className="plain-list">
              {systems.map((system, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed once reported; names may repeat.
                <li key={i}>{system}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {impact !== undefined && (
        <>
          <dt>{t('detail.impact')}</dt>
          <dd>
            <IncidentImpact impact={impact} />
          </dd>
        </>
      )}
    </dl>
  );
}
