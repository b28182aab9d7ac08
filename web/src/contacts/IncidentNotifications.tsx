import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatDateTime, orgName } from '../format.js';
import { isMessageKey } from '../i18n.js';
import { useLang } from '../lang.js';
import { contactQueries, type Step } from './contacts.api.js';
import './contacts.css';

const ROLES = ['ciso', 'csirt-lead', 'duty-officer', 'deputy', 'other'] as const;

/**
 * 通知とエスカレーション on the incident page: who was notified, how, when, who acknowledged and what was
 * escalated. Shown only when the server answers: those who may not see the steps see nothing of them.
 */
export function IncidentNotifications({ incidentId }: { incidentId: string }) {
  const { t, lang } = useLang();
  // Loaded again in place when the incident's events or a notification about it make it stale
  // (liveQueries.ts). A refusal shows nothing.
  const { data, error } = useQuery({
    ...contactQueries.incidentSteps(incidentId),
    placeholderData: keepPreviousData,
  });
  const steps = error ? null : (data?.items ?? null);

  if (!steps) return null;
  const who = (s: Step) => {
    if (s.contact) {
      const role = ROLES.find((r) => r === s.contact?.role) ?? 'other';
      return `${s.contact.name}（${t(`contacts.role.${role}`)}）`;
    }
    if (s.reachedOrg) return t('steps.hidden', { org: orgName(s.reachedOrg, lang) });
    return t('steps.unknown');
  };
  const channel = (s: Step) => {
    const names = s.channel ? [s.channel] : (s.channels ?? []);
    return names
      .map((c) => {
        const key = `notify.channel.${c}`;
        return isMessageKey(key) ? t(key) : c;
      })
      .join('・');
  };
  const kind = (s: Step) => {
    const key = `steps.kind.${s.kind}`;
    return isMessageKey(key) ? t(key) : s.kind;
  };

  return (
    <section aria-labelledby="steps-heading" className="incident-steps">
      <h2 id="steps-heading">{t('steps.heading')}</h2>
      {steps.length === 0 ? (
        <p className="muted">{t('steps.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="steps-table">
            <thead>
              <tr>
                <th scope="col">{t('steps.when')}</th>
                <th scope="col">{t('steps.what')}</th>
                <th scope="col">{t('steps.who')}</th>
                <th scope="col">{t('steps.channel')}</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr
                  key={`${s.chainId}-${s.step}-${s.at}-${s.kind}-${s.channel ?? ''}`}
                  className={`step-${s.kind}`}
                >
                  <td>
                    <time dateTime={s.at}>{formatDateTime(s.at, lang)}</time>
                  </td>
                  <th scope="row">
                    {kind(s)}
                    {s.step > 1 && <span className="muted"> {t('steps.stepN', { n: s.step })}</span>}
                  </th>
                  <td>{who(s)}</td>
                  <td>{channel(s) || t('steps.unknown')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
